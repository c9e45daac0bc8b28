package io.mmanet.jobs.cli;

import com.typesafe.config.Config;
import io.mmanet.jobs.eval.EvalJob;
import io.mmanet.jobs.spark.SharedStorage;
import io.mmanet.jobs.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Spark job: evaluate a model on every modality combination; writes metrics.json and report.md/html.")
public final class EvalCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--model", required = true, paramLabel = "URI",
            description = "Model or run directory (repeatable: one report series per model; an sf run directory "
                    + "counts as one series made of its per-combination models).")
    List<String> models;

    @Option(names = "--data", required = true, paramLabel = "URI", description = "Output of 'mmanet prep'.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where metrics.json, report.md and report.html go.")
    String out;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT", description = "Split to evaluate (default: test).")
    String split;

    @Override
    public Integer call() throws Exception {
        Config cfg = common.load();
        io.mmanet.jobs.eval.EvalSettings settings = io.mmanet.jobs.eval.EvalSettings.fromConfig(cfg);
        java.util.Map<String, String> uris = SharedStorage.options("--data", data, "--out", out);
        for (int i = 0; i < models.size(); i++) {
            uris.put("--model #" + (i + 1), models.get(i));
        }
        SharedStorage.require(cfg, uris);
        SparkSession spark = SparkSessions.getOrCreate(cfg);
        EvalJob.Result r = EvalJob.run(spark, models, data, split, out, settings);
        System.out.println(r.report().headlineTable());
        System.out.println("report: " + out.replaceAll("/+$", "") + "/report.html (also report.md, metrics.json)");
        return 0;
    }
}
