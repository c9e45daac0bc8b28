package io.mmanet.jobs.bench;

import com.typesafe.config.Config;
import io.mmanet.bench.AlternatingRuns;
import io.mmanet.bench.MultiplyAdds;
import io.mmanet.jobs.train.RunProgress;
import io.mmanet.jobs.train.SparkGraphTrainer;
import io.mmanet.jobs.train.TrainSettings;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.GraphNames;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Measures, in one run and on the same synthetic minibatches:
 * <ol>
 *   <li>an epoch of Spark parameter averaging (the configured master, e.g. local[2]) against an
 *       epoch of single-JVM {@code fit} (goal, issue 15: at most 1.0x);</li>
 *   <li>an MMANet epoch against an SF-MD epoch, single JVM, MAD and MAR on (goal: at most 1.6x);</li>
 *   <li>training samples/s of SF-MD and MMANet at the paper's architecture (ResNet-18-SE widths,
 *       batch 64) at the given input sizes, single JVM.</li>
 * </ol>
 * Each measurement first runs warm-up epochs or steps ({@link io.mmanet.bench.WarmUp}: JIT,
 * native init, Spark start-up), which are not counted; an epoch figure is the median of the
 * {@value #TIMED_EPOCHS} epochs that follow ({@link AlternatingRuns}). Pixels are random: throughput does not depend on what the images show.
 */
public final class TrainBenchmark {
    /** Epochs timed per epoch measurement, after its warm-up; the median is reported. */
    static final int TIMED_EPOCHS = 5;

    private TrainBenchmark() {
    }

    /** The epoch measurements of parts 1 and 2, by the name {@code bench train --epochs-of} takes. */
    public enum EpochSide {
        SINGLE("single", "single-JVM SF-MD epoch"),
        SPARK("spark", "Spark SF-MD epoch"),
        MMANET("mmanet", "single-JVM MMANet epoch");

        private final String option;
        private final String label;

        EpochSide(String option, String label) {
            this.option = option;
            this.label = label;
        }

        /** The side named {@code option} ("single", "spark", "mmanet"), or an error naming the three. */
        public static EpochSide of(String option) {
            for (EpochSide s : values()) {
                if (s.option.equals(option)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown epoch measurement '" + option + "'; expected single, spark or "
                    + "mmanet");
        }
    }

    /**
     * @param batches     minibatches per epoch for parts 1 and 2
     * @param epochSides  which epochs parts 1 and 2 time (all three by default; e.g. only Spark to
     *                    measure a cluster's epoch at the paper size without the slower sides)
     * @param paperSteps  timed steps per size at the paper's architecture (after the warm-up); 0 = skip
     * @param demoSteps   timed steps of the configured (demo) model in part 3; 0 = skip
     * @param paperSizes  input sizes for part 3
     * @param warmupSeconds warm-up per measurement ({@link io.mmanet.bench.WarmUp}): at least one epoch (parts 1 and 2)
     *                      or step (part 3), at least this long and until the JIT is quiet (0 = one)
     */
    public record Options(int batches, Set<EpochSide> epochSides, int paperSteps, List<Integer> paperSizes, int demoSteps,
                          double warmupSeconds) {
        public Options {
            epochSides = epochSides.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(epochSides));
        }
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

        if (o.batches() > 0 && !o.epochSides().isEmpty()) {
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

    /**
     * Parts 1 and 2: Spark vs single-JVM epoch, MMANet vs SF-MD epoch, on the configured model (the
     * sides in {@code o.epochSides()}; a ratio only when both its sides ran). Each side warms up on
     * its own, then the timed epochs alternate (single, Spark, MMANet, single, ...): this machine's
     * speed drifts by 10-30% within minutes, and alternating puts the same drift on every side of a
     * ratio.
     */
    private static void epochComparisons(SparkSession spark, NetworkSpec spec, MethodSettings ms, TrainSettings ts,
                                         Options o, PrintStream log, StringBuilder md) throws IOException {
        int batch = ts.batchSizePerWorker();
        Set<EpochSide> sides = o.epochSides();
        Path dir = Files.createTempDirectory("mmanet-bench-train");
        try {
            Map<EpochSide, AlternatingRuns.Side> measured = new EnumMap<>(EpochSide.class);
            int sparkWorkers = 0; // set when the Spark side runs: the table names its worker count
            double multiplyAdds = 0; // set when the MMANet side runs
            ComputationGraph sfmdGraph = null; // an SF-MD side's graph, whose configuration the count reuses
            if (sides.contains(EpochSide.SINGLE) || sides.contains(EpochSide.SPARK)) {
                // 1. Spark parameter averaging vs single-JVM fit, SF-MD, same batches.
                List<MultiDataSet> sfmdBatches = batches(spec, Methods.get("sf-md"), o.batches(), batch, 1);
                if (sides.contains(EpochSide.SINGLE)) {
                    sfmdGraph = TrainingGraphs.deployment(spec, ms);
                    LocalTrainer single = new LocalTrainer(sfmdGraph);
                    measured.put(EpochSide.SINGLE, new AlternatingRuns.Side(EpochSide.SINGLE.label,
                            epoch -> single.fitEpoch(epoch, sfmdBatches).seconds()));
                }
                if (sides.contains(EpochSide.SPARK)) {
                    List<String> paths = export(sfmdBatches, dir);
                    SparkGraphTrainer sparkTrainer = new SparkGraphTrainer(
                            JavaSparkContext.fromSparkContext(spark.sparkContext()), ts);
                    sparkWorkers = sparkTrainer.workers();
                    ComputationGraph g = TrainingGraphs.deployment(spec, ms);
                    sfmdGraph = g;
                    // Warm-up epochs are counted only afterwards: progress counts the epochs so far.
                    measured.put(EpochSide.SPARK, new AlternatingRuns.Side(EpochSide.SPARK.label,
                            epoch -> AlternatingRuns.timed(() -> sparkTrainer.fitEpoch(g, paths, epoch, "bench",
                                    new RunProgress("bench", epoch, epoch)))));
                }
            }
            if (sides.contains(EpochSide.MMANET)) {
                // 2. MMANet vs SF-MD epoch, single JVM, after warm-up (MAD and MAR on).
                List<MultiDataSet> mmBatches = batches(spec, Methods.get("mmanet"), o.batches(), batch, 1);
                ComputationGraph mmGraph = TrainingGraphs.forMethod(spec, ms.withMethod(Methods.get("mmanet")),
                        TrainingGraphs.teacher(spec, ms));
                multiplyAdds = multiplyAddRatio(spec, sfmdGraph != null ? sfmdGraph : TrainingGraphs.deployment(spec, ms),
                        mmGraph, regularizedShare(mmGraph, mmBatches));
                LocalTrainer mmanet = new LocalTrainer(mmGraph);
                measured.put(EpochSide.MMANET, new AlternatingRuns.Side(EpochSide.MMANET.label,
                        epoch -> mmanet.fitEpoch(epoch, mmBatches).seconds()));
            }
            List<AlternatingRuns.Run> runs = AlternatingRuns.ofThisJvm().medians(List.copyOf(measured.values()),
                    TIMED_EPOCHS, o.warmupSeconds(), log::println);
            Map<EpochSide, Double> t = new EnumMap<>(EpochSide.class);
            StringBuilder medians = new StringBuilder();
            int k = 0;
            for (EpochSide side : measured.keySet()) {
                t.put(side, runs.get(k).seconds());
                medians.append(String.format(Locale.ROOT, "%s%s %.2f s", k++ == 0 ? "" : ", ", side.label,
                        t.get(side)));
            }
            log.println(String.format(Locale.ROOT, "epochs (median of %d, alternating): %s", TIMED_EPOCHS, medians));
            String order = String.join(", ", measured.values().stream().map(AlternatingRuns.Side::name).toList());
            md.append(String.format(Locale.ROOT, "Epoch seconds: median of %d epochs per measurement, timed in turn "
                    + "(%s, again, ...) after each one's warm-up (at least one epoch; with --warmup-seconds > 0 at least "
                    + "that long and until the JIT compiler is quiet; this run: %.0f).%n%n", TIMED_EPOCHS, order,
                    o.warmupSeconds()));
            md.append("| measurement | value | goal |\n|---|---:|---|\n");
            if (t.containsKey(EpochSide.SINGLE)) {
                md.append(String.format(Locale.ROOT, "| single-JVM fit, SF-MD epoch | %.2f s | |%n", t.get(EpochSide.SINGLE)));
            }
            if (t.containsKey(EpochSide.SPARK)) {
                double s = t.get(EpochSide.SPARK);
                md.append(String.format(Locale.ROOT, "| Spark parameter averaging (%d workers, averaging every %d, %s), "
                        + "SF-MD epoch | %.2f s (%.1f samples/s) | |%n", sparkWorkers, ts.averagingFrequency(),
                        ts.approach(), s, (double) o.batches() * batch / s));
            }
            if (t.containsKey(EpochSide.SINGLE) && t.containsKey(EpochSide.SPARK)) {
                md.append(String.format(Locale.ROOT, "| Spark / single-JVM epoch time | %.2fx | <= 1.0x |%n",
                        t.get(EpochSide.SPARK) / t.get(EpochSide.SINGLE)));
            }
            if (t.containsKey(EpochSide.MMANET)) {
                md.append(String.format(Locale.ROOT, "| single-JVM fit, MMANet epoch (MAD + MAR on) | %.2f s | |%n",
                        t.get(EpochSide.MMANET)));
            }
            if (t.containsKey(EpochSide.SINGLE) && t.containsKey(EpochSide.MMANET)) {
                md.append(String.format(Locale.ROOT, "| MMANet / SF-MD epoch time | %.2fx | <= 1.6x |%n",
                        t.get(EpochSide.MMANET) / t.get(EpochSide.SINGLE)));
            }
            if (t.containsKey(EpochSide.MMANET)) {
                md.append(String.format(Locale.ROOT, "| MMANet / SF-MD multiply-adds per training sample (convolutions "
                        + "and dense layers: the time ratio the arithmetic implies at equal speed per multiply-add) | %.3fx | |%n",
                        multiplyAdds));
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * MMANet's multiply-adds per training sample over SF-MD's ({@link MultiplyAdds}): their step-time
     * ratio at equal speed per multiply-add (the teacher's forward pass and the regularization
     * network's training on {@code regularizedShare} of the rows are the method's own arithmetic).
     */
    static double multiplyAddRatio(NetworkSpec spec, ComputationGraph sfmd, ComputationGraph mmanet,
                                   double regularizedShare) {
        long mm = MultiplyAdds.of(mmanet.getConfiguration(), regularizedShare,
                TrainingGraphs.trainingInputTypes(spec, Methods.get("mmanet"))).trainingStep();
        long sf = MultiplyAdds.of(sfmd.getConfiguration(),
                TrainingGraphs.trainingInputTypes(spec, Methods.get("sf-md"))).trainingStep();
        return (double) mm / sf;
    }

    /** The share of rows the regularization network of {@code mmanet} runs on in {@code mmanetBatches}. */
    static double regularizedShare(ComputationGraph mmanet, List<MultiDataSet> mmanetBatches) {
        int rows = mmanet.getConfiguration().getNetworkInputs().indexOf(GraphNames.MAR_ROWS);
        double selected = 0;
        long all = 0;
        for (MultiDataSet b : mmanetBatches) {
            selected += b.getFeatures(rows).sumNumber().doubleValue();
            all += b.getFeatures(rows).length();
        }
        return all == 0 ? 1.0 : selected / all;
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
