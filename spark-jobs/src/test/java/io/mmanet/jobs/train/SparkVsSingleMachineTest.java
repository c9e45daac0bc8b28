package io.mmanet.jobs.train;

import io.mmanet.compat.MaskSafeMultiDataSetLoader;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.input.AugmentSettings;
import io.mmanet.jobs.input.BatchBuilder;
import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.jobs.input.EpochExporter;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyGraphs;
import io.mmanet.jobs.testing.TinyShards;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.datavec.spark.util.SerializableHadoopConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.loader.LocalFileSourceFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flagship equivalence (as dl4j-spark's own TestCompareParameterAveragingSparkVsSingleMachine):
 * one worker, averaging frequency 1, same seed and batches: Spark parameter averaging and a
 * single-JVM fit give the same parameters and updater state after several steps.
 */
class SparkVsSingleMachineTest {

    @TempDir
    Path dir;

    /** Flattens the single modality into [B, 4] features, one-hot labels. */
    static final BatchBuilder FLATTEN = (List<DecodedSample> samples, java.util.Random rng) -> {
        float[][] f = new float[samples.size()][];
        float[][] y = new float[samples.size()][2];
        for (int i = 0; i < samples.size(); i++) {
            f[i] = samples.get(i).pixels()[0];
            y[i][samples.get(i).label()] = 1f;
        }
        return new MultiDataSet(Nd4j.createFromArray(f), Nd4j.createFromArray(y));
    };

    @Test
    void oneWorkerAveragingEveryStepEqualsSingleJvmFit() throws Exception {
        SparkSession spark = LocalSpark.session();
        TinyShards.write(spark, dir, "train", 40, 2, List.of("rgb"), new int[] {1}, 2, 2,
                new TinyShards.Painter[] {(i, label, k, rng) -> 60 + 120 * label + rng.nextInt(60)}, 1);
        TrainSettings s = TrainSettings.fromConfig(MmanetConfig.load(null, List.of(
                "train.workers=1", "train.averaging-frequency=1", "train.batch-size-per-worker=8",
                "train.prefetch-batches=0", "train.seed=7")));
        SampleDecoder decoder = new SampleDecoder(List.of("rgb"), new int[] {1}, 2, 2, 2, 2);
        String exportDir = dir.resolve("export").toUri().toString();
        EpochExporter.Export ex = EpochExporter.export(
                io.mmanet.jobs.input.ShardReader.read(spark, new io.mmanet.jobs.input.CorpusInfo(dir.toUri().toString(), List.of("rgb"),
                        new int[] {1}, 2, 2, List.of("a", "b"), -1), "train").javaRDD(),
                decoder, AugmentSettings.NONE, FLATTEN, 8, s.seed(), 1, exportDir,
                new SerializableHadoopConfig(spark.sparkContext().hadoopConfiguration()));
        assertEquals(4, ex.paths().size(), "2 partitions x 20 rows -> 2 full batches of 8 each");

        ComputationGraph distributed = TinyGraphs.classifier(4, 2, 11);
        ComputationGraph single = distributed.clone();
        SparkGraphTrainer trainer = new SparkGraphTrainer(LocalSpark.jsc(), s);
        SparkGraphTrainer.EpochOutcome o = trainer.fitEpoch(distributed, ex.paths(), 1, "equivalence",
                new RunProgress("equivalence", 1, 1));
        assertEquals(4, o.rounds());
        assertEquals(32, o.samples());

        single.getConfiguration().setEpochCount(0);
        for (String p : SparkGraphTrainer.epochOrder(ex.paths(), s.seed(), 1)) {
            single.fit(new MaskSafeMultiDataSetLoader().load(
                    new LocalFileSourceFactory().getSource(new URI(p).getPath())));
        }
        INDArray before = TinyGraphs.classifier(4, 2, 11).params();
        assertTrue(before.sub(single.params()).amaxNumber().doubleValue() > 1e-3, "training moved the params");
        assertEquals(0.0, distributed.params().sub(single.params()).amaxNumber().doubleValue(), 1e-6);
        assertEquals(0.0, distributed.getUpdater().getStateViewArray()
                .sub(single.getUpdater().getStateViewArray()).amaxNumber().doubleValue(), 1e-6);
        assertEquals(single.getConfiguration().getIterationCount(), distributed.getConfiguration().getIterationCount());
    }
}
