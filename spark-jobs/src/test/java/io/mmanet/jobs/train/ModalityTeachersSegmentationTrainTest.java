package io.mmanet.jobs.train;

import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.export.ModelCard;
import io.mmanet.jobs.export.ModelExport;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinySegmentationCorpus;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.loss.PixelCrossEntropy;
import io.mmanet.networks.method.Methods;
import io.mmanet.prep.manifest.Manifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * modality-teachers on segmentation, one run on generated RGB-D scenes of which about half lack RGB or
 * depth: the run trains an SF segmentation teacher per modality on every row that has it, with the
 * corpus' median-frequency class weights (the configuration sets none), then the student on the
 * complete rows with the per-pixel soft-target KL; each teacher learns from more rows than the student.
 */
class ModalityTeachersSegmentationTrainTest {

    @Test
    void eachSegmentationTeacherLearnsFromMoreRowsThanTheStudentWithTheCorpusClassWeights(@TempDir Path dir)
            throws Exception {
        CorpusInfo corpus = TinySegmentationCorpus.write(LocalSpark.session(), dir.resolve("corpus"),
                "generate.samples=48", "generate.missing-fraction=0.5");
        var cfg = MmanetConfig.load(null, TinySegmentationCorpus.config(
                "train.epochs=1", "train.batch-size-per-worker=4"));
        String run = dir.resolve("run").toUri().toString();
        TrainJob.Result r = TrainJob.run(LocalSpark.session(), cfg, new TrainJob.Request("deployment",
                Methods.get("modality-teachers"), null, corpus.uri(), run, null, false, Map.of()), corpus);

        SampleDecoder decoder = corpus.decoder(TinySegmentationCorpus.SIZE, TinySegmentationCorpus.SIZE);
        List<Row> rows = ShardReader.read(LocalSpark.session(), corpus, "train").collectAsList();
        long complete = rows.stream().filter(x -> decoder.presentBits(x) == 3).count();
        assertTrue(complete < rows.size(), "the corpus has incomplete rows");
        assertEquals(complete, r.state().trainRows, "the student trains on complete rows");
        assertTrue(Double.isFinite(r.state().history.get(0).mad()), "the per-pixel KD term (kd_out, recorded as mad) is measured");

        double[] medianFrequency = Manifest.read(corpus.uri(), new Configuration()).medianFrequencyWeights("train");
        Modalities mods = new Modalities(corpus.modalities());
        for (int m = 0; m < mods.size(); m++) {
            ModalityCombination c = ModalityCombination.ofBits(1 << m, mods);
            ModelExport.Exported teacher = ModelExport.read(MethodTeachers.runDir(run, c), new Configuration());
            ModelCard card = teacher.card();
            long having = rows.stream().filter(x -> (decoder.presentBits(x) & c.bits()) != 0).count();
            assertEquals("segmentation", card.task);
            assertEquals(c.toString(), card.combination);
            assertEquals(having, card.metrics.get("train_rows").longValue(), "teacher [" + c + "]: every row with " + c);
            assertTrue(having > complete, "teacher [" + c + "]: " + having + " rows, student " + complete);
            assertEquals(having, r.state().teacherRows.get(c.toString()).longValue());
            assertArrayEquals(medianFrequency, classWeights(teacher.graph()), 1e-12,
                    "teacher [" + c + "] trained with the corpus' median-frequency class weights");
        }
    }

    private static double[] classWeights(ComputationGraph g) {
        var out = (LayerVertex) g.getConfiguration().getVertices().get(GraphNames.OUT);
        return ((PixelCrossEntropy) ((CnnLossLayer) out.getLayerConf().getLayer()).getLossFn()).getClassWeights();
    }
}
