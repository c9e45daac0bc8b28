package io.mmanet.jobs.demo;

import com.typesafe.config.Config;
import io.mmanet.jobs.eval.EvalJob;
import io.mmanet.jobs.eval.EvalSettings;
import io.mmanet.jobs.eval.EvaluationReport;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.train.RunConfig;
import io.mmanet.jobs.workflow.Workflow;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.metrics.CombinationMetrics;
import io.mmanet.networks.metrics.HeadlineMetric;
import io.mmanet.networks.metrics.ModelMetrics;
import io.mmanet.prep.corpus.CorpusSettings;
import io.mmanet.prep.generate.BayesLimit;
import io.mmanet.prep.generate.GenerateSettings;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The demo: generate a small synthetic corpus (reused when present), prep it (reused when
 * present), train the teacher, SF-MD and MMANet, evaluate SF-MD and MMANet on every combination
 * and print the table. Everything is written under the work directory: corpus/, data/, runs/,
 * report/. Runs and the report are redone on every call.
 */
public final class DemoJob {
    private static final Logger LOG = LoggerFactory.getLogger(DemoJob.class);

    private DemoJob() {
    }

    public record Result(ModelMetrics sfMd, ModelMetrics mmanet, String report, String table, double seconds) {
    }

    public static Result run(SparkSession spark, Config cfg, Path workdir, PrintStream out) throws IOException {
        long t0 = System.nanoTime();
        workdir = workdir.toAbsolutePath().normalize();
        Files.createDirectories(workdir);
        Path runs = workdir.resolve("runs");
        Path report = workdir.resolve("report");
        long start = t0;
        Workflow.Steps steps = what -> step(out, start, what);
        String dataUri = Workflow.generatedData(spark, cfg, workdir, steps);
        deleteRecursively(runs);
        deleteRecursively(report);
        CorpusInfo info = CorpusInfo.read(dataUri, spark.sparkContext().hadoopConfiguration());
        Method mmanetMethod = Methods.get("mmanet");
        RunConfig run = RunConfig.resolve(cfg);
        Workflow.Trained trained = Workflow.train(spark, run, dataUri, info, runs.toUri().toString(),
                List.of(Methods.get("sf-md"), mmanetMethod), steps);
        step(out, t0, "evaluating SF-MD and MMANet on every combination of the test split");
        EvalJob.Result ev = EvalJob.run(spark, trained.models(), dataUri, "test", report.toUri().toString(),
                EvalSettings.fromConfig(cfg));
        EvaluationReport r = ev.report();
        ModelMetrics a = r.models().get(0);
        ModelMetrics b = r.models().get(1);
        double seconds = (System.nanoTime() - t0) / 1e9;
        // The task's headline metric (classification: the error, lower is better; segmentation: mIoU, higher is better).
        HeadlineMetric h = r.headline();
        String table = r.headlineTable();
        double ma = r.headlineMean(a);
        double mb = r.headlineMean(b);
        String better = h.higherIsBetter() ? "higher" : "lower";
        String worse = h.higherIsBetter() ? "lower" : "higher";
        out.println();
        out.println("MMANet weak set (mined during warm-up): " + trained.weakSets().getOrDefault(mmanetMethod, List.of()));
        out.println(table);
        out.println(String.format(Locale.ROOT, "mean %s over %d combinations: SF-MD %.2f%%, MMANet %.2f%% (%s)",
                h.label(), a.perCombination().size(), 100 * ma, 100 * mb,
                h.better(mb, ma) ? "MMANet " + better + " by " + pp(Math.abs(mb - ma))
                        : "MMANet NOT " + better + ": " + worse + " by " + pp(Math.abs(mb - ma))));
        if (!CorpusSettings.fromConfig(cfg).segmentation()) {
            // The generated corpus has a floor no method can go below: read the two means against it.
            double limit = BayesLimit.mean(GenerateSettings.fromConfig(cfg));
            out.println(String.format(Locale.ROOT, "lowest possible mean ACER on this generated corpus (its information "
                    + "limit, BayesLimit; docs/results.md): %.2f%%", 100 * limit));
        }
        if (!h.isError()) {
            // The confusion matrix's accuracy, as the task names it (segmentation: pixel accuracy).
            out.println(String.format(Locale.ROOT, "mean %s over %d combinations: SF-MD %.2f%%, MMANet %.2f%%",
                    r.accuracyName(), a.perCombination().size(), 100 * a.mean(CombinationMetrics::accuracy),
                    100 * b.mean(CombinationMetrics::accuracy)));
        }
        out.println("report: " + report.resolve("report.html") + " (also report.md, metrics.json)");
        out.println(String.format(Locale.ROOT, "demo wall time: %.1f s", seconds));
        LOG.info("demo finished in {} s", String.format(Locale.ROOT, "%.1f", seconds));
        return new Result(a, b, report.resolve("report.html").toString(), table, seconds);
    }

    private static String pp(double d) {
        return String.format(Locale.ROOT, "%.2f points", 100 * d);
    }

    private static void step(PrintStream out, long t0, String what) {
        out.println(String.format(Locale.ROOT, "[demo %6.1f s] %s", (System.nanoTime() - t0) / 1e9, what));
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
