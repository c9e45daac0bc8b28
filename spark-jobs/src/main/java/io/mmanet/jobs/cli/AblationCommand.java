package io.mmanet.jobs.cli;

import io.mmanet.jobs.ablation.AblationJob;
import io.mmanet.jobs.ablation.AblationSettings;
import io.mmanet.jobs.spark.SparkSessions;
import io.mmanet.networks.graph.NetworkSpec;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "ablation", mixinStandardHelpOptions = true,
        description = "Train SF, SF-MD, +SP, +MAD, +MAD+SR and MMANet over seeds; write the paper-style results table.")
public final class AblationCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder or Hadoop URI: runs, per-seed reports and results.md/json/html.")
    String out;

    @Override
    public Integer call() throws Exception {
        var config = common.load();
        AblationSettings.fromConfig(config);
        NetworkSpec.fromConfig(config);
        SparkSession spark = SparkSessions.getOrCreate(config);
        try {
            AblationJob.run(spark, config, out, System.out);
            return 0;
        } finally {
            spark.stop();
        }
    }
}
