package io.mmanet.jobs.bench;

import com.typesafe.config.Config;
import io.mmanet.jobs.train.RunProgress;
import io.mmanet.jobs.train.SparkGraphTrainer;
import io.mmanet.jobs.train.TrainSettings;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.train.LocalTrainer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Measures, in one run and on the same synthetic minibatches:
 * <ol>
 *   <li>an epoch of Spark parameter averaging (the configured master, e.g. local[2]) against an
 *       epoch of single-JVM {@code fit} (goal, issue 15: at most 1.0x);</li>
 *   <li>an MMANet epoch against an SF-MD epoch, single JVM, MAD and MAR on (goal: at most 1.7x);</li>
 *   <li>training samples/s of SF-MD and MMANet at the paper's architecture (ResNet-18-SE widths,
 *       batch 64) at the given input sizes, single JVM.</li>
 * </ol>
 * The first epoch of each measurement is a warm-up (JIT, native init, Spark start-up) and is not
 * counted; the figure is the median of the {@value #TIMED_EPOCHS} epochs that follow. Pixels are random: throughput does not depend on what the images show.
 */
public final class TrainBenchmark {
    /** Epochs timed per epoch measurement, after one warm-up epoch; the median is reported. */
    static final int TIMED_EPOCHS = 3;

    private TrainBenchmark() {
    }

    /**
     * @param batches     minibatches per epoch for parts 1 and 2
     * @param paperSteps  timed steps per size at the paper's architecture (after the warm-up); 0 = skip
     * @param demoSteps   timed steps of the configured (demo) model in part 3; 0 = skip
     * @param paperSizes  input sizes for part 3
     * @param warmupSeconds part 3: warm-up per measurement, at least one step (0 = one step)
     */
    public record Options(int batches, int paperSteps, List<Integer> paperSizes, int demoSteps, double warmupSeconds) {
    }

    public static String run(SparkSession spark, Config cfg, Options o, PrintStream log) throws IOException {
        NetworkSpec spec = NetworkSpec.fromConfig(cfg);
        MethodSettings ms = MethodSettings.fromConfig(cfg);
        TrainSettings ts = TrainSettings.fromConfig(cfg);
        int batch = ts.batchSizePerWorker();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Configured model: input %dx%d, stem %d, stages %s; batch %d; %d batches "
                        + "per epoch; OMP_NUM_THREADS=%s; Spark master %s.%n%n", spec.inputHeight(), spec.inputWidth(),
                spec.stemWidth(), widths(spec), batch, o.batches(), System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                spark.sparkContext().master()));

        if (o.batches() > 0) {
            epochComparisons(spark, spec, ms, ts, o, log, md);
        }

        // 3. Throughput of training and inference, demo model and paper architecture, this JVM's threads.
        if (o.paperSteps() > 0 || o.demoSteps() > 0) {
            md.append("\nThroughput, single JVM, " + ThroughputBenchmark.environment() + "; paper architecture = stem 64, "
                    + "stages [64, 128, 256, 512], 2 blocks per stage, SE 16; warm-up " + o.warmupSeconds()
                    + " s (at least one step) per row and kind:\n\n");
            List<ThroughputBenchmark.Row> rows = new ArrayList<>();
            if (o.demoSteps() > 0) {
                rows.add(ThroughputBenchmark.measure("demo", spec, ms, batch, o.demoSteps(), o.warmupSeconds(), log));
            }
            for (int size : o.paperSteps() > 0 ? o.paperSizes() : List.<Integer>of()) {
                NetworkSpec paper = spec.toBuilder().input(size, size).stemWidth(64).stageWidths(64, 128, 256, 512)
                        .blocksPerStage(2, 2, 2, 2).seReduction(16).build();
                rows.add(ThroughputBenchmark.measure("paper", paper, ms, 64, o.paperSteps(), o.warmupSeconds(), log));
            }
            md.append(ThroughputBenchmark.table(rows));
        }
        return md.toString();
    }

    /** Parts 1 and 2: Spark vs single-JVM epoch, MMANet vs SF-MD epoch, on the configured model. */
    private static void epochComparisons(SparkSession spark, NetworkSpec spec, MethodSettings ms, TrainSettings ts,
                                         Options o, PrintStream log, StringBuilder md) throws IOException {
        int batch = ts.batchSizePerWorker();
        // 1. Spark parameter averaging vs single-JVM fit, SF-MD, same batches.
        List<MultiDataSet> sfmdBatches = batches(spec, Methods.get("sf-md"), o.batches(), batch, 1);
        double single = epochSeconds(new LocalTrainer(TrainingGraphs.deployment(spec, ms)), sfmdBatches);
        log.println(String.format(Locale.ROOT, "single-JVM SF-MD epoch: %.2f s", single));
        Path dir = Files.createTempDirectory("mmanet-bench-train");
        double sparkEpoch;
        int workers;
        try {
            List<String> paths = export(sfmdBatches, dir);
            SparkGraphTrainer trainer = new SparkGraphTrainer(JavaSparkContext.fromSparkContext(spark.sparkContext()), ts);
            workers = trainer.workers();
            ComputationGraph g = TrainingGraphs.deployment(spec, ms);
            int total = TIMED_EPOCHS + 1;
            sparkEpoch = medianOfTimedEpochs(epoch -> {
                long t0 = System.nanoTime();
                trainer.fitEpoch(g, paths, epoch, "bench", new RunProgress("bench", total, epoch));
                return (System.nanoTime() - t0) / 1e9;
            });
        } finally {
            deleteRecursively(dir);
        }
        log.println(String.format(Locale.ROOT, "Spark parameter averaging SF-MD epoch: %.2f s", sparkEpoch));
        md.append(String.format(Locale.ROOT, "Epoch seconds: median of %d epochs after a warm-up epoch.%n%n", TIMED_EPOCHS));
        md.append("| measurement | value | goal |\n|---|---:|---|\n");
        md.append(String.format(Locale.ROOT, "| single-JVM fit, SF-MD epoch | %.2f s | |%n", single));
        md.append(String.format(Locale.ROOT, "| Spark parameter averaging (%d workers, averaging every %d, %s), SF-MD epoch "
                + "| %.2f s | |%n", workers, ts.averagingFrequency(), ts.approach(), sparkEpoch));
        md.append(String.format(Locale.ROOT, "| Spark / single-JVM epoch time | %.2fx | <= 1.0x |%n", sparkEpoch / single));

        // 2. MMANet vs SF-MD epoch, single JVM, after warm-up (MAD and MAR on).
        List<MultiDataSet> mmBatches = batches(spec, Methods.get("mmanet"), o.batches(), batch, 1);
        ComputationGraph teacher = TrainingGraphs.teacher(spec, ms);
        double mm = epochSeconds(new LocalTrainer(TrainingGraphs.forMethod(spec, ms.withMethod(Methods.get("mmanet")), teacher)),
                mmBatches);
        log.println(String.format(Locale.ROOT, "single-JVM MMANet epoch: %.2f s", mm));
        md.append(String.format(Locale.ROOT, "| single-JVM fit, MMANet epoch (MAD + MAR on) | %.2f s | |%n", mm));
        md.append(String.format(Locale.ROOT, "| MMANet / SF-MD epoch time | %.2fx | <= 1.6x |%n", mm / single));
    }

    private static String widths(NetworkSpec s) {
        return "[" + s.stageWidth(1) + ", " + s.stageWidth(2) + ", " + s.stageWidth(3) + ", " + s.stageWidth(4) + "]";
    }

    /** Synthetic minibatches: random normalised pixels, random labels, per-sample combinations. */
    static List<MultiDataSet> batches(NetworkSpec spec, Method method, int count, int batch, long seed) {
        Random r = new Random(seed);
        BatchAssembler assembler = new BatchAssembler(spec, method);
        ModalityCombination full = ModalityCombination.full(spec.modalities());
        Set<ModalityCombination> weak = new LinkedHashSet<>();
        for (ModalityCombination c : ModalityCombination.all(spec.modalities())) {
            if (c.size() == spec.modalities().size() - 1) {
                weak.addAll(c.subsets());
                break;
            }
        }
        List<MultiDataSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            float[][][] px = new float[batch][spec.modalities().size()][];
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                for (int m = 0; m < px[i].length; m++) {
                    float[] img = new float[spec.modalities().get(m).channels() * spec.inputHeight() * spec.inputWidth()];
                    for (int k = 0; k < img.length; k++) {
                        img[k] = (float) r.nextGaussian();
                    }
                    px[i][m] = img;
                }
                labels[i] = r.nextInt(spec.numClasses());
            }
            ModalityCombination[] drawn = assembler.drawCombinations(px, r);
            out.add(assembler.assemble(px, labels, drawn, weak, true));
        }
        return out;
    }

    /** Median seconds of the timed epochs of a local fit (the first epoch warms up). */
    private static double epochSeconds(LocalTrainer trainer, List<MultiDataSet> batches) {
        return medianOfTimedEpochs(epoch -> trainer.fitEpoch(epoch, batches).seconds());
    }

    /**
     * Runs epoch 1 (warm-up: JIT, native init, Spark start-up) and epochs 2 .. {@link #TIMED_EPOCHS} + 1,
     * and returns the median of the timed ones: one sub-second epoch alone varied by 30% between
     * runs on an idle 2-core machine.
     */
    static double medianOfTimedEpochs(java.util.function.IntToDoubleFunction secondsOfEpoch) {
        secondsOfEpoch.applyAsDouble(1);
        double[] s = new double[TIMED_EPOCHS];
        for (int i = 0; i < s.length; i++) {
            s[i] = secondsOfEpoch.applyAsDouble(i + 2);
        }
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    static List<String> export(List<MultiDataSet> batches, Path dir) throws IOException {
        List<String> paths = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            Path p = dir.resolve(String.format("b%05d.mds", b));
            try (OutputStream out = Files.newOutputStream(p)) {
                batches.get(b).save(out);
            }
            paths.add(p.toUri().toString());
        }
        return paths;
    }

    static void deleteRecursively(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
