package io.mmanet.jobs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mmanet bench <benchmark>}: one subcommand per benchmark, each a small class that hands
 * over to the benchmark's own runner (prep: io.mmanet.prep.bench.PrepBenchmark). A new benchmark
 * is one more class and one more entry in {@code subcommands}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks measured side by side in one run: 'bench prep', 'bench train', 'bench rounds'.",
        subcommands = {BenchPrepCommand.class, BenchTrainCommand.class, BenchRoundsCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
