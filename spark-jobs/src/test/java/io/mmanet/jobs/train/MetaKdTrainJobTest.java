package io.mmanet.jobs.train;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.checkpoint.Checkpoint;
import io.mmanet.jobs.checkpoint.CheckpointStore;
import io.mmanet.jobs.checkpoint.TrainingState;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.LogCapture;
import io.mmanet.jobs.testing.TinyCorpus;
import io.mmanet.jobs.testing.TinySegmentationCorpus;
import io.mmanet.methods.metakd.MetaStep;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.DecodedRows;
import io.mmanet.networks.method.Methods;
import io.mmanet.prep.shard.ShardSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * MetaKD through the real Spark job (local[2]): the driver's meta step moves theta every epoch and
 * logs w; theta (a graph parameter) and the meta optimiser's moments (hook state) are checkpointed,
 * so a run stopped after epoch 1 and resumed ends with the theta of the uninterrupted run; on
 * segmentation the meta step learns from the validation rows' label images.
 */
class MetaKdTrainJobTest {

    private static Config cfg(int epochs) {
        return MmanetConfig.load(null, TinyCorpus.config("train.epochs=" + epochs, "method.metakd.meta-steps=3",
                "method.metakd.meta-batch-size=8", "method.metakd.meta-rows=16"));
    }

    private static TrainJob.Request metakd(Path dir, String run, boolean resume, CorpusInfo corpus) {
        return new TrainJob.Request("deployment", Methods.get("metakd"), null, corpus.uri(),
                dir.resolve(run).toUri().toString(), null, resume);
    }

    private static Checkpoint last(TrainJob.Result r) throws java.io.IOException {
        return new CheckpointStore(r.runDir(), new Configuration(), 3).loadLatest().orElseThrow();
    }

    @Test
    void metaStepEveryEpochAndResumeReproducesTheta(@TempDir Path dir) throws Exception {
        CorpusInfo corpus = TinyCorpus.write(LocalSpark.session(), dir.resolve("data"), 32, 16, 16);
        TrainJob.Result uninterrupted;
        List<String> log;
        try (LogCapture capture = new LogCapture(MetaStep.class)) {
            uninterrupted = TrainJob.run(LocalSpark.session(), cfg(2), metakd(dir, "full", false, corpus), corpus);
            log = capture.lines();
        }
        for (int e = 1; e <= 2; e++) {
            String prefix = "MetaKD after epoch " + e + ": modality weights w = {rgb=";
            assertTrue(log.stream().anyMatch(l -> l.contains(prefix)), "w logged after epoch " + e + ": " + log);
        }
        Checkpoint full = last(uninterrupted);
        double[] theta = MetaStep.theta(full.graph());
        assertTrue(Arrays.stream(theta).anyMatch(t -> t != 0.0), "theta moved: " + Arrays.toString(theta));
        assertEquals(6, full.state().methodState.get("metakd.adam").get("t").asLong(), "3 meta steps per epoch");

        TrainJob.run(LocalSpark.session(), cfg(1), metakd(dir, "stopped", false, corpus), corpus);
        TrainJob.Result resumed = TrainJob.run(LocalSpark.session(), cfg(2), metakd(dir, "stopped", true, corpus), corpus);
        assertEquals(2, resumed.state().completedEpochs);
        Checkpoint again = last(resumed);
        double[] thetaResumed = MetaStep.theta(again.graph());
        assertArrayEquals(theta, thetaResumed, 1e-6, Arrays.toString(theta) + " vs " + Arrays.toString(thetaResumed));
        assertArrayEquals(adamV(full), adamV(again), 1e-9);
    }

    /**
     * Segmentation: the driver's validation rows carry each row's label image (the shard's bytes,
     * per pixel), and a run's meta step learns theta from them, logging w every epoch.
     */
    @Test
    void segmentationMetaStepLearnsFromTheValidationLabelImages(@TempDir Path dir) throws Exception {
        SparkSession spark = LocalSpark.session();
        CorpusInfo corpus = TinySegmentationCorpus.write(spark, dir.resolve("corpus"));
        RunConfig run = RunConfig.resolve(MmanetConfig.load(null, TinySegmentationCorpus.config("train.epochs=1",
                "method.metakd.meta-steps=3", "method.metakd.meta-batch-size=4", "method.metakd.meta-rows=8")));
        NetworkSpec spec = run.network();
        int hw = TinySegmentationCorpus.SIZE * TinySegmentationCorpus.SIZE;
        SparkEpochContext context = new SparkEpochContext(JavaSparkContext.fromSparkContext(spark.sparkContext()), spec,
                run.methodSettings(), () -> null, corpus.decoder(spec.inputHeight(), spec.inputWidth()), 8,
                new TrainingState("deployment", "metakd", null, 1, 1), dir.toUri().toString(), new Configuration());
        context.validationSplit(() -> ShardReader.read(spark, corpus, "val"));
        DecodedRows rows = context.validationRows(8);
        List<Row> shard = ShardReader.read(spark, corpus, "val").takeAsList(8);
        assertEquals(8, rows.size());
        assertEquals(hw, rows.labelsPerSample());
        for (int i = 0; i < rows.size(); i++) {
            byte[] image = shard.get(i).getAs(ShardSchema.LABEL_IMAGE);
            for (int k = 0; k < hw; k++) {
                assertEquals(image[k] & 0xff, rows.labels()[i * hw + k], "row " + i + " pixel " + k);
            }
        }

        TrainJob.Result r;
        List<String> log;
        try (LogCapture capture = new LogCapture(MetaStep.class)) {
            r = TrainJob.run(spark, run, new TrainJob.Request("deployment", Methods.get("metakd"), null, corpus.uri(),
                    dir.resolve("run").toUri().toString(), null, false), corpus);
            log = capture.lines();
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("MetaKD after epoch 1: modality weights w = {rgb=")
                && l.contains("depth=") && l.contains("on 8 validation rows")), log.toString());
        double[] theta = MetaStep.theta(last(r).graph());
        assertTrue(Arrays.stream(theta).anyMatch(t -> t != 0.0), "theta moved: " + Arrays.toString(theta));
        assertEquals(3, last(r).state().methodState.get("metakd.adam").get("t").asLong());
    }

    private static double[] adamV(Checkpoint c) {
        com.fasterxml.jackson.databind.JsonNode v = c.state().methodState.get("metakd.adam").get("v");
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).asDouble();
        }
        return out;
    }
}
