package io.mmanet.jobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a synthetic RGB/Depth/IR face anti-spoofing corpus (CASIA-SURF layout) as real image files.")
public final class GenerateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        common.load();
        throw UserFacingException.notBuiltYet("'mmanet generate'", "issue 4");
    }
}
