package io.mmanet.jobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Distributed training throughput against a single JVM (issue 6).")
public final class BenchTrainCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        common.load();
        throw UserFacingException.notBuiltYet("'mmanet bench train'", "issue 6");
    }
}
