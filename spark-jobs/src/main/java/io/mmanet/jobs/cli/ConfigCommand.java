package io.mmanet.jobs.cli;

import io.mmanet.config.MmanetConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the fully resolved configuration (defaults + --conf + --set), after validating it.")
public final class ConfigCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--json", description = "Print JSON instead of HOCON.")
    boolean json;

    @Override
    public Integer call() {
        var config = common.load();
        System.out.println(json ? MmanetConfig.renderJson(config) : MmanetConfig.render(config));
        return 0;
    }
}
