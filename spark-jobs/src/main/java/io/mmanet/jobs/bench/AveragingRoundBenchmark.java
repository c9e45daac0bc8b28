package io.mmanet.jobs.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.mmanet.networks.method.Methods;
import io.mmanet.jobs.train.RunProgress;
import io.mmanet.jobs.train.SparkGraphTrainer;
import io.mmanet.jobs.train.TrainSettings;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.MethodSettings;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The fixed cost of one parameter-averaging round on the configured master: broadcast of the
 * parameters and updater state, job scheduling, loading the round's batch files, aggregation of
 * the workers' results and the driver's update. A round of averaging frequency f costs
 * {@code T(f) = overhead + f x step}; timing rounds at f = 1 and f = 2 on tiny batches (2 samples)
 * gives {@code step = T(2) - T(1)} and {@code overhead = 2 T(1) - T(2)}. Measured for the
 * configured (demo) model and the paper's architecture (ResNet-18-SE widths; the parameter count,
 * which drives the round's traffic, does not depend on the input size; 16x16 keeps the steps short).
 */
public final class AveragingRoundBenchmark {
    private static final int BATCH = 2;

    private AveragingRoundBenchmark() {
    }

    public static String run(SparkSession spark, Config cfg, int workers, int rounds, PrintStream log)
            throws IOException, InterruptedException {
        waitForExecutors(spark, workers, log);
        NetworkSpec demo = NetworkSpec.fromConfig(cfg);
        NetworkSpec paper = demo.toBuilder().input(16, 16).stemWidth(64).stageWidths(64, 128, 256, 512)
                .blocksPerStage(2, 2, 2, 2).seReduction(16).build();
        MethodSettings ms = MethodSettings.fromConfig(cfg).withMethod(Methods.get("sf-md"));
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
                "| model | parameters | workers | round s (f=1) | round s (f=2) | overhead s/round | step s |%n"
                        + "|---|---:|---:|---:|---:|---:|---:|%n"));
        for (var model : List.of(java.util.Map.entry("demo", demo), java.util.Map.entry("paper 16x16", paper))) {
            double[] t = new double[3];
            long params = 0;
            for (int f = 1; f <= 2; f++) {
                ComputationGraph g = TrainingGraphs.deployment(model.getValue(), ms);
                params = g.numParams();
                t[f] = roundSeconds(spark, cfg, g, model.getValue(), workers, f, rounds);
                log.println(String.format(Locale.ROOT, "%s, %d workers, f=%d: %.3f s/round", model.getKey(), workers, f, t[f]));
            }
            md.append(String.format(Locale.ROOT, "| %s | %,d | %d | %.3f | %.3f | %.3f | %.3f |%n", model.getKey(), params,
                    workers, t[1], t[2], 2 * t[1] - t[2], t[2] - t[1]));
        }
        return md.toString();
    }

    /** Mean seconds per round of the second of two epochs of {@code rounds} rounds each. */
    private static double roundSeconds(SparkSession spark, Config cfg, ComputationGraph g, NetworkSpec spec,
                                       int workers, int frequency, int rounds) throws IOException {
        TrainSettings ts = TrainSettings.fromConfig(cfg
                .withValue("train.workers", ConfigValueFactory.fromAnyRef(workers))
                .withValue("train.averaging-frequency", ConfigValueFactory.fromAnyRef(frequency))
                .withValue("train.batch-size-per-worker", ConfigValueFactory.fromAnyRef(BATCH))
                .withValue("train.prefetch-batches", ConfigValueFactory.fromAnyRef(0)));
        List<MultiDataSet> batches = TrainBenchmark.batches(spec, Methods.get("sf-md"), workers * frequency * rounds, BATCH, 3);
        Path dir = Files.createTempDirectory("mmanet-bench-rounds");
        try {
            List<String> paths = TrainBenchmark.export(batches, dir);
            SparkGraphTrainer trainer = new SparkGraphTrainer(JavaSparkContext.fromSparkContext(spark.sparkContext()), ts);
            trainer.fitEpoch(g, paths, 1, "bench rounds", new RunProgress("bench rounds", 2, 1));
            SparkGraphTrainer.EpochOutcome o = trainer.fitEpoch(g, paths, 2, "bench rounds",
                    new RunProgress("bench rounds", 2, 2));
            return o.seconds() / o.rounds();
        } finally {
            TrainBenchmark.deleteRecursively(dir);
        }
    }

    /** On a cluster executors register after the session starts; rounds need all of them. */
    private static void waitForExecutors(SparkSession spark, int workers, PrintStream log) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (spark.sparkContext().getExecutorMemoryStatus().size() - 1 < workers
                && !spark.sparkContext().master().startsWith("local") && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        log.println("executors: " + (spark.sparkContext().getExecutorMemoryStatus().size() - 1));
    }
}
