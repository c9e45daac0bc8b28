package io.mmanet.jobs.cli;

import com.typesafe.config.Config;
import io.mmanet.jobs.pipeline.PipelineLock;
import io.mmanet.jobs.pipeline.PipelineSettings;
import io.mmanet.jobs.pipeline.PipelineStore;
import io.mmanet.jobs.pipeline.RetrainingPipeline;
import io.mmanet.jobs.pipeline.SparkPipelineJobs;
import io.mmanet.jobs.spark.SparkSessions;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.MethodSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"Scheduled retraining as one resumable command: prep (skipped when the source lists are unchanged),"
                + " train teacher, train deployment, evaluate, compare with the promoted model on the same test shards,"
                + " promote only an improvement (section pipeline).",
                "Rerun after a crash to resume at the failed stage. Exit codes: 0 done (promoted or not),"
                        + " 2 configuration error, 3 another pipeline holds the lock."})
public final class PipelineCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--dir", paramLabel = "URI", description = "Pipeline directory (overrides pipeline.dir).")
    String dir;

    @Option(names = "--corpus", paramLabel = "URI", description = "Corpus root (overrides pipeline.corpus).")
    String corpus;

    @Override
    public Integer call() {
        if (dir != null) {
            common.sets.add("pipeline.dir=\"" + dir + "\"");
        }
        if (corpus != null) {
            common.sets.add("pipeline.corpus=\"" + corpus + "\"");
        }
        Config cfg = common.load();
        PipelineSettings settings = PipelineSettings.fromConfig(cfg);
        // Fail fast on the method and network settings, before Spark starts.
        MethodSettings.fromConfig(cfg);
        NetworkSpec.fromConfig(cfg);
        // The lock is taken before Spark starts: a refused run costs a second, not a SparkContext.
        SparkConf sparkConf = SparkSessions.sparkConf(cfg);
        Configuration hadoop = SparkHadoopUtil.get().newConfiguration(sparkConf);
        SparkPipelineJobs jobs = new SparkPipelineJobs(() -> SparkSessions.getOrCreate(cfg), cfg, hadoop);
        try {
            PipelineStore store = new PipelineStore(settings.dir(), hadoop);
            RetrainingPipeline pipeline = new RetrainingPipeline(settings, store, jobs, Clock.systemUTC());
            RetrainingPipeline.Outcome o = pipeline.run();
            System.out.printf("pipeline run %s%s: prep %s; candidate %s = %s%s; %s (%s)%n", o.runId(),
                    o.resumed() ? " (resumed)" : "", o.prepSkipped() ? "skipped (source lists unchanged)" : "ran",
                    settings.metric(), o.candidate(), o.current() == null ? "" : ", current " + o.current(),
                    o.promoted() ? "PROMOTED" : "not promoted", o.reason());
            System.out.println("current model: " + pipeline.currentPointer() + "; lineage: "
                    + store.path("lineage.jsonl"));
            return 0;
        } catch (PipelineLock.HeldException e) {
            throw new UserFacingException(e.getMessage(), CliExceptionHandler.EXIT_INPUT);
        } finally {
            jobs.started().ifPresent(SparkSession::stop);
        }
    }
}
