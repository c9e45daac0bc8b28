package io.mmanet.jobs.cli;

import io.mmanet.jobs.diagnostics.DiagnosticsJob;
import io.mmanet.jobs.eval.EvalSettings;
import io.mmanet.jobs.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Per-epoch diagnostics of an ablation output from its kept checkpoints: validation curves per "
                + "combination, loss terms, term gradient norms, teacher entropy, MAR weak sets; HTML with charts.")
public final class DiagnoseCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "An 'mmanet ablation' output folder or URI (holding seed-S/runs/).")
    String out;

    @Option(names = "--seed", paramLabel = "S", description = "Only this seed (default: every seed-S folder).")
    Long seed;

    @Option(names = "--split", defaultValue = "val", paramLabel = "SPLIT",
            description = "Split every checkpoint is evaluated on (default: val).")
    String split;

    @Option(names = "--data", paramLabel = "URI",
            description = "Prepared shards (default: <out>/data when present, else the runs' ablation.data).")
    String data;

    @Option(names = "--write-to", paramLabel = "DIR",
            description = "Write the pages here (seed-S/diagnostics/ and the index) instead of into --out, "
                    + "leaving the ablation output untouched.")
    String writeTo;

    @Override
    public Integer call() throws Exception {
        var config = common.load();
        EvalSettings eval = EvalSettings.fromConfig(config);
        DiagnosticsJob.Request request = new DiagnosticsJob.Request(out, data, seed, split, writeTo, eval.batchSize());
        DiagnosticsJob.check(request, new org.apache.hadoop.conf.Configuration()); // before Spark starts
        SparkSession spark = SparkSessions.getOrCreate(config);
        try {
            DiagnosticsJob.Result r = DiagnosticsJob.run(spark, request, System.out);
            System.out.println("diagnostics: " + r.index() + " (per seed: seed-S/diagnostics/diagnostics.html, .json)");
            return 0;
        } finally {
            spark.stop();
        }
    }
}
