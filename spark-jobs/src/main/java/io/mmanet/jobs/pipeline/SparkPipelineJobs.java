package io.mmanet.jobs.pipeline;

import com.typesafe.config.Config;
import io.mmanet.jobs.eval.EvalJob;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.train.RunConfig;
import io.mmanet.jobs.workflow.Workflow;
import io.mmanet.networks.metrics.ModelMetrics;
import io.mmanet.prep.corpus.CorpusSettings;
import io.mmanet.prep.manifest.Manifest;
import io.mmanet.prep.shard.PrepJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The pipeline's stages as the real jobs: {@link PrepJob}, {@link TrainJob} (teacher, then the
 * deployment network of {@code method.name} distilled from it) and {@link EvalJob} on the test split,
 * all in this Spark application.
 */
public final class SparkPipelineJobs implements PipelineJobs {

    private final Supplier<SparkSession> sessions;
    private final Config cfg;
    private RunConfig run;
    private final Configuration hadoop;
    private SparkSession spark;

    /**
     * @param sessions makes the Spark session on first use, so a run refused by the lock (or with
     *                 nothing to do) never starts Spark
     * @param hadoop   the Hadoop configuration the session will have (for the corpus checksums)
     */
    public SparkPipelineJobs(Supplier<SparkSession> sessions, Config cfg, Configuration hadoop) {
        this.sessions = sessions;
        this.cfg = cfg;
        this.hadoop = hadoop;
    }

    public SparkPipelineJobs(SparkSession spark, Config cfg) {
        this(() -> spark, cfg, spark.sparkContext().hadoopConfiguration());
    }

    private synchronized SparkSession spark() {
        if (spark == null) {
            spark = sessions.get();
        }
        return spark;
    }

    /** The session if a stage made one. */
    public synchronized java.util.Optional<SparkSession> started() {
        return java.util.Optional.ofNullable(spark);
    }

    @Override
    public String sourceChecksum(String corpus) {
        Path root = new Path(corpus);
        try {
            FileSystem fs = root.getFileSystem(hadoop);
            return DataChecksum.of(DataChecksum.sourceLists(fs, fs.makeQualified(root), CorpusSettings.fromConfig(cfg)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open corpus " + corpus + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String prep(String corpus, String out) {
        // Overwrite: a crashed attempt may have left a staging directory; prep commits atomically.
        Manifest m = PrepJob.run(spark(), cfg, corpus, out, true);
        return DataChecksum.of(m.sources);
    }

    @Override
    public String trainTeacher(String shards, String outDir) {
        try {
            return Workflow.teacher(spark(), run(), shards, CorpusInfo.read(shards, hadoop), outDir,
                    hasCheckpoints(outDir)).modelDir();
        } catch (IOException e) {
            throw new UncheckedIOException("training the teacher in " + outDir + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String trainDeployment(String shards, String teacherModel, String outDir) {
        try {
            return Workflow.method(spark(), run(), run().methodSettings().method(), null, shards,
                    CorpusInfo.read(shards, hadoop), outDir, teacherModel, hasCheckpoints(outDir)).modelDir();
        } catch (IOException e) {
            throw new UncheckedIOException("training the deployment network in " + outDir + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The run configuration, resolved once (on first use: prep-only pipelines never need it). */
    private RunConfig run() {
        if (run == null) {
            run = RunConfig.resolve(cfg);
        }
        return run;
    }

    /** A stage that crashed mid-training resumes from its last complete checkpoint. */
    private boolean hasCheckpoints(String runDir) {
        Path checkpoints = new Path(runDir, "checkpoints");
        try {
            return checkpoints.getFileSystem(hadoop).exists(checkpoints);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, Double> evaluate(String model, String shards, String outDir) {
        try {
            EvalJob.Result r = EvalJob.run(spark(), List.of(model), shards, "test", outDir,
                    io.mmanet.jobs.eval.EvalSettings.fromConfig(run().raw()));
            ModelMetrics metrics = r.report().models().get(0);
            Map<String, Double> means = new LinkedHashMap<>();
            metrics.means().forEach((k, v) -> {
                if (!Double.isNaN(v)) {
                    means.put(k, v);
                }
            });
            return means;
        } catch (IOException e) {
            throw new UncheckedIOException("evaluating " + model + " on " + shards + " failed: " + e.getMessage(), e);
        }
    }
}
