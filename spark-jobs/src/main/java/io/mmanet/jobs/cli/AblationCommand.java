package io.mmanet.jobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "ablation", mixinStandardHelpOptions = true,
        description = "Train SF, SF-MD, +SP, +MAD, +MAD+SR and MMANet over seeds; write the paper-style results table.")
public final class AblationCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        common.load();
        throw UserFacingException.notBuiltYet("'mmanet ablation'", "issue 5");
    }
}
