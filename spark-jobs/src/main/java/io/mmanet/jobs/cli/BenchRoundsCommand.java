package io.mmanet.jobs.cli;

import com.typesafe.config.Config;
import io.mmanet.jobs.bench.AveragingRoundBenchmark;
import io.mmanet.jobs.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "rounds", mixinStandardHelpOptions = true,
        description = "Fixed cost of one parameter-averaging round (broadcast, scheduling, aggregation) on the given "
                + "master, for the demo model and the paper's architecture: rounds at averaging frequency 1 and 2 on "
                + "2-sample batches; overhead = 2 T(1) - T(2).")
public final class BenchRoundsCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
            description = "Parameter-averaging workers = executors to wait for (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--rounds", defaultValue = "8", paramLabel = "N",
            description = "Timed rounds per frequency, after as many warm-up rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        Config cfg = DemoConfig.load(common);
        System.out.print(AveragingRoundBenchmark.run(SparkSessions.getOrCreate(cfg), cfg, workers, rounds, System.err));
        return 0;
    }
}
