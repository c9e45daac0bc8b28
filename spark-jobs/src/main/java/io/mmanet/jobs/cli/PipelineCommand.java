package io.mmanet.jobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Scheduled retraining: prep (if data changed), train teacher + deployment, evaluate, promote if better.")
public final class PipelineCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        common.load();
        throw UserFacingException.notBuiltYet("'mmanet pipeline'", "issue 7");
    }
}
