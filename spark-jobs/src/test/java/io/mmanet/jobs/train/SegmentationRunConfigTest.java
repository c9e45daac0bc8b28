package io.mmanet.jobs.train;

import io.mmanet.config.ConfigValidationException;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyCorpus;
import io.mmanet.jobs.testing.TinySegmentationCorpus;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.prep.manifest.Manifest;
import io.mmanet.tasks.segmentation.SegmentationTask;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A segmentation run's configuration against its corpus: task and ignore label checked first, class weights from the manifest. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentationRunConfigTest {
    Path dir;
    CorpusInfo corpus;

    @BeforeAll
    void corpus(@TempDir Path tmp) {
        dir = tmp;
        corpus = TinySegmentationCorpus.write(LocalSpark.session(), tmp);
    }

    @Test
    void emptyClassWeightsBecomeTheTrainSplitsMedianFrequency() {
        NetworkSpec configured = NetworkSpec.fromConfig(MmanetConfig.load(null, TinySegmentationCorpus.config()));
        NetworkSpec spec = TrainJob.withCorpusClassWeights(configured, corpus.uri(), new Configuration());
        double[] expected = Manifest.read(corpus.uri(), new Configuration()).medianFrequencyWeights("train");
        double[] weights = ((SegmentationTask) spec.task()).classWeights();
        assertNotNull(weights);
        assertArrayEquals(expected, weights, 1e-12);
        assertFalse(java.util.Arrays.stream(weights).allMatch(w -> w == 1.0), "not uniform on the generated scenes");
    }

    @Test
    void configuredClassWeightsAreKept() {
        NetworkSpec configured = NetworkSpec.fromConfig(MmanetConfig.load(null, TinySegmentationCorpus.config(
                "model.segmentation.class-weights=[1, 1, 1, 1, 1, 1]")));
        NetworkSpec spec = TrainJob.withCorpusClassWeights(configured, "file:/nonexistent", new Configuration());
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1}, ((SegmentationTask) spec.task()).classWeights());
    }

    @Test
    void aClassificationRunOnASegmentationCorpusFailsNamingTheKeysBeforeWritingAnything() {
        var e = assertThrows(ConfigValidationException.class, () -> TrainJob.run(LocalSpark.session(),
                MmanetConfig.load(null, TinyCorpus.config("modalities=[{name=rgb,channels=3},{name=depth,channels=1}]")),
                new TrainJob.Request("teacher", null, null, corpus.uri(), dir.resolve("run").toUri().toString(), null,
                        false), corpus));
        assertTrue(e.getMessage().contains("model.task = classification")
                && e.getMessage().contains("corpus.task = segmentation"), e.getMessage());
        assertTrue(java.nio.file.Files.notExists(dir.resolve("run")), "nothing written");
    }
}
