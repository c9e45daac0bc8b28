package io.mmanet.jobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Spark job: train the teacher (--role teacher) or the deployment network (--role deployment --method ...) with DL4J parameter averaging.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        common.load();
        throw UserFacingException.notBuiltYet("'mmanet train'", "issue 6");
    }
}
