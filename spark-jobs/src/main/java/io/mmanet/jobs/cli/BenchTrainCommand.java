package io.mmanet.jobs.cli;

import com.typesafe.config.Config;
import io.mmanet.jobs.bench.TrainBenchmark;
import io.mmanet.jobs.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training epoch time of Spark parameter averaging vs single-JVM fit, MMANet vs SF-MD, and samples/s "
                + "at the paper's architecture, measured in one run on the same data. Model and batch of parts 1-2: "
                + "conf/demo.conf unless --conf is given.")
public final class BenchTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--batches", defaultValue = "64", paramLabel = "N",
            description = "Minibatches per epoch for the epoch comparisons; 0 skips them (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--epochs-of", defaultValue = "single,spark,mmanet", split = ",", paramLabel = "SIDE",
            description = "Which epochs the epoch comparisons time: single (single-JVM SF-MD), spark (Spark parameter "
                    + "averaging, SF-MD) and mmanet (single-JVM MMANet); a ratio is printed when both its sides ran. "
                    + "E.g. spark alone for a cluster's epoch at the paper size (default: ${DEFAULT-VALUE}).")
    List<String> epochsOf;

    @Option(names = "--paper-steps", defaultValue = "5", paramLabel = "N",
            description = "Timed steps per model and size at the paper's architecture, after the warm-up (at least; "
                    + "each row is timed for at least 2 s); 0 skips that part (default: ${DEFAULT-VALUE}).")
    int paperSteps;

    @Option(names = "--paper-sizes", defaultValue = "48,112", split = ",", paramLabel = "S",
            description = "Input sizes for the paper-architecture throughput (default: ${DEFAULT-VALUE}).")
    List<Integer> paperSizes;

    @Option(names = "--demo-steps", defaultValue = "20", paramLabel = "N",
            description = "Timed steps of the configured model's throughput row, after the warm-up (at least; "
                    + "each row is timed for at least 2 s); 0 skips it (default: ${DEFAULT-VALUE}).")
    int demoSteps;

    @Option(names = "--warmup-seconds", defaultValue = "10", paramLabel = "S",
            description = "Warm-up before each measurement: at least one epoch (epoch comparisons) or step (throughput "
                    + "rows), at least this long, and until the JIT compiler is quiet (under 10%% of the time of the last "
                    + "second of epochs or steps; at most 180 s): it keeps a core busy for about a JVM's first 40 s. 0 = one epoch or "
                    + "step, as ../shared/bench/peer_bench_torch.py does (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--out", paramLabel = "FILE", description = "Also append the markdown table to this file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Set<TrainBenchmark.EpochSide> sides = EnumSet.noneOf(TrainBenchmark.EpochSide.class);
        for (String side : epochsOf) {
            try {
                sides.add(TrainBenchmark.EpochSide.of(side.trim()));
            } catch (IllegalArgumentException e) { // before any Spark work
                throw new ParameterException(spec.commandLine(), "--epochs-of: " + e.getMessage());
            }
        }
        Config cfg = DemoConfig.load(common);
        String md = TrainBenchmark.run(SparkSessions.getOrCreate(cfg), cfg,
                new TrainBenchmark.Options(batches, sides, paperSteps, paperSizes, demoSteps, warmupSeconds), System.err);
        System.out.print(md);
        if (out != null) {
            Files.writeString(out, md + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return 0;
    }
}
