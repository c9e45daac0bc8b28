package io.mmanet.jobs.ablation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.mmanet.jobs.diagnostics.DiagnosticsJob;
import io.mmanet.jobs.diagnostics.SeedDiagnostics;
import io.mmanet.jobs.eval.EvalJob;
import io.mmanet.jobs.eval.EvalSettings;
import io.mmanet.jobs.eval.EvaluationReport;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.train.RunConfig;
import io.mmanet.jobs.workflow.Workflow;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.metrics.HeadlineMetric;
import io.mmanet.networks.metrics.ModelMetrics;
import io.mmanet.prep.corpus.CorpusSettings;
import io.mmanet.prep.generate.BayesLimit;
import io.mmanet.prep.generate.GenerateSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ablation runner (issue 5): on the same shards and seeds, trains every configured method
 * (SF = one customized model per combination; the others one unified model each; the teacher
 * once per seed for the methods that distil), evaluates every combination, and writes the
 * paper-style table to {@code results.md}, {@code results.json} and {@code results.html}; with
 * {@code ablation.diagnostics}, each seed's kept checkpoints are diagnosed after its evaluation
 * ({@link DiagnosticsJob}) and the results link the pages.
 * Layout under the output directory: {@code data/} (shards, when generated), {@code seed-S/runs/},
 * {@code seed-S/eval/} (the per-seed report), {@code seed-S/diagnostics/}, and the results files
 * (and {@code diagnostics.html}).
 */
public final class AblationJob {
    private static final Logger LOG = LoggerFactory.getLogger(AblationJob.class);
    /** The split the per-seed diagnostics evaluate every kept checkpoint on (the one the methods never train on). */
    static final String DIAGNOSTICS_SPLIT = "val";

    private AblationJob() {
    }

    public record Result(AblationTable table, String outDir, double seconds) {
    }

    public static Result run(SparkSession spark, Config cfg, String outDir, PrintStream out) throws IOException {
        long t0 = System.nanoTime();
        AblationSettings settings = AblationSettings.fromConfig(cfg);
        NetworkSpec.fromConfig(cfg); // fail on a bad model section before any work
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        String dataUri = settings.data().isEmpty() ? generatedData(spark, cfg, outDir, out, t0) : settings.data();
        CorpusInfo corpus = CorpusInfo.read(dataUri, hadoop);

        List<AblationTable.SeedResult> seeds = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        Map<String, String> publishedSetNames = new LinkedHashMap<>();
        for (Method m : settings.methods()) {
            columns.add(AblationSettings.column(m));
            if (m.publishedSetName() != null) {
                publishedSetNames.put(AblationSettings.column(m), m.publishedSetName());
            }
        }
        EvalSettings evalSettings = EvalSettings.fromConfig(cfg);
        HeadlineMetric metric = null;
        List<SeedDiagnostics> diagnosed = new ArrayList<>();
        for (long seed : settings.seeds()) {
            long ts = System.nanoTime();
            Config seeded = cfg.withValue("train.seed", ConfigValueFactory.fromAnyRef(seed))
                    .withValue("model.seed", ConfigValueFactory.fromAnyRef(seed));
            String seedDir = child(outDir, "seed-" + seed);
            String runs = child(seedDir, "runs");
            long start = t0;
            RunConfig run = RunConfig.resolve(seeded);
            Workflow.Trained trained = Workflow.train(spark, run, dataUri, corpus, runs, settings.methods(),
                    what -> step(out, start, "seed " + seed + ": " + what));
            List<String> models = trained.models();
            Map<String, String> columnOfModel = new LinkedHashMap<>();
            settings.methods().forEach(m -> columnOfModel.put(m.name(), AblationSettings.column(m)));
            Map<String, List<String>> published = new LinkedHashMap<>();
            trained.weakSets().forEach((m, set) -> published.put(AblationSettings.column(m), set));
            step(out, t0, "seed " + seed + ": evaluating every method on every combination of " + settings.split());
            EvalJob.Result ev = EvalJob.run(spark, models, dataUri, settings.split(), child(seedDir, "eval"),
                    evalSettings);
            // The task chooses what the table shows (classification: the error; segmentation: mIoU).
            EvaluationReport report = ev.report();
            metric = report.headline();
            Map<String, AblationTable.Scores> byColumn = new LinkedHashMap<>();
            for (ModelMetrics mm : report.models()) {
                String column = columnOfModel.get(mm.model());
                if (column == null) {
                    throw new IllegalStateException("evaluation returned an unexpected model '" + mm.model() + "'");
                }
                byColumn.put(column, new AblationTable.Scores(report.headlineByCombination(mm), report.headlineMean(mm)));
            }
            if (settings.diagnostics()) {
                step(out, t0, "seed " + seed + ": diagnostics of every kept checkpoint on " + DIAGNOSTICS_SPLIT);
                diagnosed.addAll(DiagnosticsJob.run(spark, new DiagnosticsJob.Request(outDir, dataUri, seed,
                        DIAGNOSTICS_SPLIT, null, evalSettings.batchSize()), out).seeds());
            }
            seeds.add(new AblationTable.SeedResult(seed, byColumn, published, (System.nanoTime() - ts) / 1e9));
        }
        AblationTable table = new AblationTable(settings.title(), metric, columns, publishedSetNames, seeds);
        if (!diagnosed.isEmpty()) {
            Map<String, String> links = new LinkedHashMap<>();
            links.put("all seeds", "diagnostics.html");
            diagnosed.forEach(d -> links.put("seed " + d.seed(), DiagnosticsJob.seedPage(d.seed())));
            table = table.withDiagnostics(links);
        }
        if (settings.data().isEmpty() && !CorpusSettings.fromConfig(cfg).segmentation()) {
            // The generator knows what no method can beat on its corpus: the table shows it alongside.
            Map<String, Double> limits = BayesLimit.perCombination(GenerateSettings.fromConfig(cfg));
            if (limits.keySet().containsAll(table.combinations())) {
                table = table.withLimits(limits);
            }
        }
        write(hadoop, child(outDir, "results.md"), table.markdown());
        write(hadoop, child(outDir, "results.json"), table.json());
        write(hadoop, child(outDir, "results.html"), table.html());
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.println();
        out.print(table.markdown());
        out.println(String.format(Locale.ROOT, "results: %s (also results.md, results.json); wall time %.1f s",
                child(outDir, "results.html"), seconds));
        LOG.info("ablation finished in {} s", String.format(Locale.ROOT, "%.1f", seconds));
        return new Result(table, outDir, seconds);
    }

    /** Generates the synthetic corpus and preps it under the output directory (reused when present). */
    private static String generatedData(SparkSession spark, Config cfg, String outDir, PrintStream out, long t0)
            throws IOException {
        URI out0 = URI.create(asUri(outDir));
        if (!"file".equals(out0.getScheme())) {
            throw new io.mmanet.config.ConfigValidationException("ablation.data must name prepared shards when --out ("
                    + outDir + ") is not a local folder: the corpus generator writes local files");
        }
        return Workflow.generatedData(spark, cfg, java.nio.file.Path.of(out0), what -> step(out, t0, what));
    }

    private static String asUri(String dir) {
        return dir.contains(":") ? dir : java.nio.file.Path.of(dir).toAbsolutePath().normalize().toUri().toString();
    }

    private static String child(String parent, String name) {
        return Workflow.child(parent, name);
    }

    private static void step(PrintStream out, long t0, String what) {
        out.println(String.format(Locale.ROOT, "[ablation %7.1f s] %s", (System.nanoTime() - t0) / 1e9, what));
    }

    private static void write(Configuration hadoop, String uri, String text) throws IOException {
        Path p = new Path(uri);
        FileSystem fs = p.getFileSystem(hadoop);
        try (FSDataOutputStream o = fs.create(p, true)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
