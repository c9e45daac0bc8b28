package io.mmanet.jobs.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmanet.jobs.checkpoint.Checkpoint;
import io.mmanet.jobs.cli.UserFacingException;
import io.mmanet.jobs.diagnostics.SeedDiagnostics.MarSummary;
import io.mmanet.jobs.diagnostics.SeedDiagnostics.Point;
import io.mmanet.jobs.diagnostics.SeedDiagnostics.RunCurves;
import io.mmanet.jobs.diagnostics.SeedDiagnostics.TeacherSummary;
import io.mmanet.jobs.eval.AssemblerForward;
import io.mmanet.jobs.eval.EvaluationReport;
import io.mmanet.jobs.input.BatchLabels;
import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.networks.data.DeploymentInputs;
import org.nd4j.linalg.api.ndarray.INDArray;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.workflow.Workflow;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.metrics.HeadlineMetric;
import io.mmanet.networks.metrics.ModelMetrics;
import io.mmanet.prep.manifest.Manifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code mmanet diagnose}: post-hoc diagnostics of an ablation output from its kept checkpoints
 * (issue 14). Per seed folder: every run's deployment network at every kept epoch evaluated on a
 * split through every combination it serves ({@link SplitEvaluation}: the evaluation job's pass and
 * metrics), the loss terms of the training history, the term gradient norms on a probe batch
 * ({@link TermGradientProbe}), the teacher's confidence ({@link TeacherConfidence}), and the MAR
 * weak set and memory bank; written as {@code seed-S/diagnostics/diagnostics.json} and
 * {@code diagnostics.html}, and a cross-seed {@code diagnostics.html} / {@code diagnostics.json}.
 */
public final class DiagnosticsJob {
    private static final Logger LOG = LoggerFactory.getLogger(DiagnosticsJob.class);
    private static final Pattern SEED_DIR = Pattern.compile("seed-(\\d+)");
    public static final String DIR = "diagnostics";
    /** Histogram bins of the teacher's prediction entropy over [0, ln K]. */
    static final int ENTROPY_BINS = 20;
    /** A wrong prediction at least this sure counts as confidently wrong. */
    static final double CONFIDENT = 0.9;

    private DiagnosticsJob() {
    }

    /**
     * What to diagnose and where the pages go.
     *
     * @param ablationOut the ablation's output folder (holding {@code seed-S/})
     * @param data        the prepared shards, or null: {@code <out>/data} when present, else the runs'
     *                    {@code ablation.data}
     * @param seed        only this seed, or null for every seed folder
     * @param writeTo     where {@code seed-S/diagnostics/} and the index go, or null: the ablation
     *                    folder itself (another folder leaves the ablation output untouched)
     */
    public record Request(String ablationOut, String data, Long seed, String split, String writeTo, int batchSize) {
    }

    public record Result(List<SeedDiagnostics> seeds, String index, double seconds) {
    }

    /** Where progress lines go. */
    public interface Progress {
        void step(String what);
    }

    public static Result run(SparkSession spark, Request req, PrintStream out) throws IOException {
        long t0 = System.nanoTime();
        Progress progress = what -> {
            out.println(String.format(Locale.ROOT, "[diagnose %7.1f s] %s", (System.nanoTime() - t0) / 1e9, what));
            LOG.info("diagnose: {}", what);
        };
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        String outDir = asUri(req.ablationOut());
        List<String> seedDirs = check(req, hadoop);
        String data = req.data() != null ? req.data() : dataOf(outDir, seedDirs.get(0), hadoop);
        CorpusInfo corpus = CorpusInfo.read(data, hadoop);
        Path splitDir = new Path(ShardReader.splitUri(data, req.split()));
        if (!splitDir.getFileSystem(hadoop).exists(splitDir)) {
            throw new UserFacingException("--split " + req.split() + ": the data at " + data + " has no such split ("
                    + splitDir + ")", 2);
        }
        String target = req.writeTo() != null ? asUri(req.writeTo()) : outDir;
        List<SeedDiagnostics> all = new ArrayList<>();
        try (SplitEvaluation split = new SplitEvaluation(spark, corpus, req.split(), req.batchSize())) {
            for (String seedDir : seedDirs) {
                String name = new Path(seedDir).getName();
                all.add(seed(seedDir, split, Workflow.child(Workflow.child(target, name), DIR), hadoop, progress));
            }
        }
        String index = writeIndex(target, hadoop).page();
        double seconds = (System.nanoTime() - t0) / 1e9;
        progress.step(String.format(Locale.ROOT, "diagnostics of %d seed(s) written; index %s (%.1f s)", all.size(),
                index, seconds));
        return new Result(all, index, seconds);
    }

    /**
     * The diagnostics of one seed folder, written to {@code writeDir}; fails naming the folder when
     * it has no complete checkpoint.
     */
    static SeedDiagnostics seed(String seedDir, SplitEvaluation split, String writeDir, Configuration hadoop,
                                Progress progress) throws IOException {
        long t0 = System.nanoTime();
        String seed = new Path(seedDir).getName().replaceFirst("^seed-", "");
        List<SeedRuns.Run> runs = requireRuns(seedDir, hadoop);
        List<RunCurves> curves = new ArrayList<>();
        HeadlineMetric metric = null;
        TeacherSummary teacher = null;
        for (SeedRuns.Run run : runs) {
            NetworkSpec spec = NetworkSpec.fromConfig(run.config());
            Modalities mods = spec.modalities();
            List<ModalityCombination> combos = run.combinations(mods);
            TermGradientProbe probe = TermGradientProbe.of(run, spec, split.decodedRows(spec));
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < run.checkpoints().size(); i++) {
                Checkpoint cp;
                try {
                    cp = run.store().load(run.checkpoints().get(i));
                } catch (IOException | RuntimeException e) {
                    // As resuming does: a checkpoint marked complete that does not load is skipped, not fatal.
                    progress.step("seed " + seed + ": " + run.name() + ": skipping checkpoint "
                            + run.checkpoints().get(i) + ", which cannot be loaded (" + e + ")");
                    continue;
                }
                int epoch = cp.state().completedEpochs;
                progress.step(String.format(Locale.ROOT, "seed %s: %s epoch %d (%d of %d kept) on %d combination(s)",
                        seed, run.name(), epoch, i + 1, run.checkpoints().size(), combos.size()));
                ComputationGraph deployment = TrainingGraphs.extractDeployment(cp.graph());
                EvaluationReport report = split.evaluate(run.name(), deployment, spec, combos);
                metric = report.headline();
                ModelMetrics mm = report.models().get(0);
                points.add(new Point(epoch, report.headlineByCombination(mm), report.headlineMean(mm),
                        probe.measure(cp.graph(), epoch, cp.state().weakSet, run.teacher())));
                if (run.teacher() && i == run.checkpoints().size() - 1) {
                    teacher = teacher(run, epoch, deployment, spec, report, split);
                }
            }
            // The combination of a one-combination run (SF, the teacher on full); null for a unified model.
            String served = combos.size() == 1 && (run.teacher() || run.latest().combination != null)
                    ? combos.get(0).toString() : null;
            curves.add(new RunCurves(run.name(), run.column(), run.latest().method, served, points,
                    List.copyOf(run.latest().history)));
        }
        SeedDiagnostics d = new SeedDiagnostics(seed, seedDir, split.split(), metric, curves, teacher,
                mar(runs, hadoop), (System.nanoTime() - t0) / 1e9);
        write(hadoop, Workflow.child(writeDir, "diagnostics.json"), DiagnosticsPage.json(d));
        write(hadoop, Workflow.child(writeDir, "diagnostics.html"), DiagnosticsPage.html(d));
        progress.step("seed " + seed + ": diagnostics written to " + Workflow.child(writeDir, "diagnostics.html"));
        return d;
    }

    /**
     * The seed folders {@code req} names, each with at least one run with a complete checkpoint;
     * fails naming the folder otherwise. Cheap (reads folders and state files): callers run it
     * before starting Spark.
     */
    public static List<String> check(Request req, Configuration hadoop) throws IOException {
        List<String> seedDirs = seedDirs(asUri(req.ablationOut()), req.seed(), hadoop);
        for (String seedDir : seedDirs) {
            requireRuns(seedDir, hadoop);
        }
        return seedDirs;
    }

    /** The runs of {@code seedDir}; fails naming the folder when none has a complete checkpoint. */
    private static List<SeedRuns.Run> requireRuns(String seedDir, Configuration hadoop) throws IOException {
        List<SeedRuns.Run> runs = SeedRuns.find(seedDir, hadoop);
        if (runs.isEmpty()) {
            throw new UserFacingException("no complete checkpoint in any run under " + new Path(seedDir, "runs")
                    + ": nothing to diagnose (has training started? checkpoints are <run>/checkpoints/epoch-N/_COMPLETE)",
                    3);
        }
        return runs;
    }

    /** The page of seed {@code seed} relative to the ablation folder. */
    public static String seedPage(String seed) {
        return DiagnosticsPage.seedPage(seed);
    }

    /** The cross-seed index as written: its URI and the seeds it lists. */
    public record Index(String page, List<String> seeds) {
    }

    /**
     * Writes the cross-seed index (html and json) into {@code dir} over every seed diagnosed there so
     * far (each {@code seed-S/diagnostics/diagnostics.json}), so diagnosing one seed keeps the others.
     */
    public static Index writeIndex(String dir, Configuration hadoop) throws IOException {
        String root = asUri(dir);
        ObjectMapper json = new ObjectMapper();
        List<DiagnosticsPage.IndexRow> rows = new ArrayList<>();
        Path base = new Path(root);
        FileSystem fs = base.getFileSystem(hadoop);
        List<Path> seedDirs = new ArrayList<>();
        for (FileStatus st : fs.listStatus(base)) {
            if (st.isDirectory() && SEED_DIR.matcher(st.getPath().getName()).matches()) {
                seedDirs.add(st.getPath());
            }
        }
        seedDirs.sort(Comparator.comparingLong(p -> Long.parseLong(p.getName().substring("seed-".length()))));
        for (Path seedDir : seedDirs) {
            Path page = new Path(new Path(seedDir, DIR), "diagnostics.json");
            if (fs.exists(page)) {
                rows.add(DiagnosticsPage.IndexRow.fromJson(read(fs, page, json)));
            }
        }
        String page = Workflow.child(root, "diagnostics.html");
        write(hadoop, page, DiagnosticsPage.index(rows));
        write(hadoop, Workflow.child(root, "diagnostics.json"), DiagnosticsPage.indexJson(rows));
        return new Index(page, rows.stream().map(DiagnosticsPage.IndexRow::seed).toList());
    }

    /** The teacher's final model: headline and accuracy on full (from the curve's report), and its entropy. */
    private static TeacherSummary teacher(SeedRuns.Run run, int epoch, ComputationGraph deployment, NetworkSpec spec,
                                          EvaluationReport report, SplitEvaluation split) {
        ModalityCombination full = run.combinations(spec.modalities()).get(0);
        TeacherConfidence conf = new TeacherConfidence(spec.numClasses(), ENTROPY_BINS, CONFIDENT);
        feed(deployment, spec, full, split.decodedRows(spec), split.batchSize(), conf);
        ModelMetrics mm = report.models().get(0);
        Double headline = report.headlineValue(mm, full.toString());
        return new TeacherSummary(run.name(), epoch, headline == null ? Double.NaN : headline,
                mm.perCombination().get(0).accuracy(), conf.total(), conf.edges(), conf.counts(), conf.meanEntropy(),
                conf.medianEntropy(), conf.confidentlyWrongFraction(), conf.confidentProbability());
    }

    /** Forwards the rows that have {@code combination} through {@code deployment}, in batches, into {@code conf}. */
    private static void feed(ComputationGraph deployment, NetworkSpec spec, ModalityCombination combination,
                             List<DecodedSample> rows, int batchSize, TeacherConfidence conf) {
        AssemblerForward forward = new AssemblerForward(new DeploymentInputs(spec), List.of(combination));
        List<DecodedSample> usable = rows.stream()
                .filter(s -> (s.availableBits() & combination.bits()) == combination.bits()).toList();
        for (int from = 0; from < usable.size(); from += batchSize) {
            List<DecodedSample> batch = usable.subList(from, Math.min(usable.size(), from + batchSize));
            INDArray probabilities = deployment.output(false, forward.inputs(batch, 0))[0];
            conf.add(probabilities, BatchLabels.of(batch, BatchLabels.perPixel(spec)));
        }
    }

    /** The weak set of the run that mined one (MMANet's first, then any other run with {@code mar/weak-set.json}). */
    private static MarSummary mar(List<SeedRuns.Run> runs, Configuration hadoop) throws IOException {
        List<SeedRuns.Run> ordered = new ArrayList<>(runs);
        ordered.sort(Comparator.comparingInt(r -> "mmanet".equals(r.latest().method) ? 0 : 1));
        ObjectMapper json = new ObjectMapper();
        for (SeedRuns.Run r : ordered) {
            Path weak = new Path(r.dir(), "mar/weak-set.json");
            FileSystem fs = weak.getFileSystem(hadoop);
            if (!fs.exists(weak)) {
                continue;
            }
            JsonNode w = read(fs, weak, json);
            List<String> set = new ArrayList<>();
            w.path("weak_set").forEach(n -> set.add(n.asText()));
            Map<String, Double> mean = new LinkedHashMap<>();
            w.path("mean_discrepancy").fields().forEachRemaining(e -> mean.put(e.getKey(), e.getValue().asDouble()));
            Path bank = new Path(r.dir(), "mar/memory-bank.json");
            return new MarSummary(r.name(), List.copyOf(set), w.path("weak_combination").asText(), mean,
                    fs.exists(bank) ? read(fs, bank, json) : null);
        }
        return null;
    }

    private static JsonNode read(FileSystem fs, Path p, ObjectMapper json) throws IOException {
        try (InputStream in = fs.open(p)) {
            return json.readTree(in);
        }
    }

    /** The seed folders of the ablation output (only {@code seed-S} when a seed is given), in seed order. */
    static List<String> seedDirs(String outDir, Long seed, Configuration hadoop) throws IOException {
        Path root = new Path(outDir);
        FileSystem fs = root.getFileSystem(hadoop);
        if (!fs.isDirectory(root)) {
            throw new UserFacingException("--out " + outDir + ": no such folder (expected an ablation output)", 2);
        }
        List<String> dirs = new ArrayList<>();
        for (FileStatus st : fs.listStatus(root)) {
            var m = SEED_DIR.matcher(st.getPath().getName());
            if (st.isDirectory() && m.matches() && (seed == null || Long.parseLong(m.group(1)) == seed)) {
                dirs.add(st.getPath().toString());
            }
        }
        dirs.sort(Comparator.comparingLong(d -> Long.parseLong(new Path(d).getName().substring("seed-".length()))));
        if (dirs.isEmpty()) {
            throw new UserFacingException("no " + (seed == null ? "seed-S" : "seed-" + seed) + " folder in " + outDir
                    + " (expected the output folder of 'mmanet ablation')", 2);
        }
        return dirs;
    }

    /** The shards the ablation trained on: {@code <out>/data} when prepared there, else the runs' ablation.data. */
    static String dataOf(String outDir, String seedDir, Configuration hadoop) throws IOException {
        Path generated = new Path(outDir, "data");
        if (generated.getFileSystem(hadoop).exists(new Path(generated, Manifest.FILE_NAME))) {
            return generated.toString();
        }
        for (SeedRuns.Run r : SeedRuns.find(seedDir, hadoop)) {
            String data = r.config().hasPath("ablation.data") ? r.config().getString("ablation.data").trim() : "";
            if (!data.isEmpty()) {
                return data;
            }
        }
        throw new UserFacingException("cannot tell which data " + outDir + " was trained on (no data/ folder and no"
                + " ablation.data in its runs' config.conf); pass --data", 2);
    }

    private static String asUri(String dir) {
        String uri = dir.contains(":") ? dir : java.nio.file.Path.of(dir).toAbsolutePath().normalize().toUri().toString();
        return uri.replaceAll("/+$", "");
    }

    static void write(Configuration hadoop, String uri, String text) throws IOException {
        Path p = new Path(uri);
        try (FSDataOutputStream o = p.getFileSystem(hadoop).create(p, true)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
