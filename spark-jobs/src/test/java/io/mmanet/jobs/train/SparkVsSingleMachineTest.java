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
import io.mmanet.networks.method.Methods;
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

    /** The real thing: the MMANet training graph (frozen teacher, MAD, MAR) against the networks' LocalTrainer. */
    @Test
    void mmanetGraphOnOneWorkerEqualsTheLocalTrainer() throws Exception {
        SparkSession spark = LocalSpark.session();
        io.mmanet.jobs.input.CorpusInfo corpus = io.mmanet.jobs.testing.TinyCorpus.write(spark, dir.resolve("corpus"), 32, 4, 4);
        com.typesafe.config.Config cfg = MmanetConfig.load(null, io.mmanet.jobs.testing.TinyCorpus.config(
                "train.workers=1", "train.averaging-frequency=1", "train.batch-size-per-worker=8",
                "train.augment.enabled=true"));
        TrainSettings s = TrainSettings.fromConfig(cfg);
        io.mmanet.networks.graph.NetworkSpec spec = io.mmanet.networks.graph.NetworkSpec.fromConfig(cfg);
        io.mmanet.networks.method.MethodSettings ms = io.mmanet.networks.method.MethodSettings.fromConfig(cfg)
                .withMethod(Methods.get("mmanet"));
        ComputationGraph distributed = io.mmanet.networks.graph.TrainingGraphs.forMethod(spec, ms,
                io.mmanet.networks.graph.TrainingGraphs.teacher(spec, ms));
        ComputationGraph single = distributed.clone();
        io.mmanet.networks.data.BatchAssembler assembler =
                new io.mmanet.networks.data.BatchAssembler(spec, Methods.get("mmanet"));
        int epoch = 3; // after warm-up: CE + MAD + MAR, weak set from a broadcast
        EpochExporter.Export ex = EpochExporter.export(
                io.mmanet.jobs.input.ShardReader.read(spark, corpus, "train").javaRDD(),
                corpus.decoder(spec.inputHeight(), spec.inputWidth()), s.augment(),
                new MethodBatchBuilder(spec, assembler, LocalSpark.jsc().broadcast(new String[] {"rgb", "ir", "rgb+ir"}), epoch, true),
                8, s.seed(), epoch, dir.resolve("export").toUri().toString(),
                new SerializableHadoopConfig(spark.sparkContext().hadoopConfiguration()));
        assertEquals(4, ex.paths().size());

        new SparkGraphTrainer(LocalSpark.jsc(), s).fitEpoch(distributed, ex.paths(), epoch, "equivalence",
                new RunProgress("equivalence", epoch, epoch));
        List<org.nd4j.linalg.dataset.api.MultiDataSet> batches = new java.util.ArrayList<>();
        for (String p : SparkGraphTrainer.epochOrder(ex.paths(), s.seed(), epoch)) {
            batches.add(new MaskSafeMultiDataSetLoader().load(new LocalFileSourceFactory().getSource(new URI(p).getPath())));
        }
        new io.mmanet.networks.train.LocalTrainer(single).fitEpoch(epoch, batches);

        INDArray start = io.mmanet.networks.graph.TrainingGraphs.forMethod(spec, ms,
                io.mmanet.networks.graph.TrainingGraphs.teacher(spec, ms)).params();
        assertTrue(start.sub(single.params()).amaxNumber().doubleValue() > 1e-4, "training moved the params");
        assertEquals(0.0, distributed.params().sub(single.params()).amaxNumber().doubleValue(), 1e-5);
        assertEquals(0.0, distributed.getUpdater().getStateViewArray()
                .sub(single.getUpdater().getStateViewArray()).amaxNumber().doubleValue(), 1e-5);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"export", "direct"})
    void oneWorkerAveragingEveryStepEqualsSingleJvmFit(String approach) throws Exception {
        assertSparkEqualsSingleJvm(approach, () -> TinyGraphs.classifier(4, 2, 11), 1);
    }

    /**
     * An epoch-driven learning rate (our warm-up) must see the same epoch in every averaging round of
     * an epoch. dl4j-spark's fit adds one to the epoch counter per call, i.e. per round: without the
     * trainer resetting it, round r of warm-up epoch 2 trained at epoch 2 + r's rate.
     */
    @Test
    void everyRoundOfAnEpochTrainsAtThatEpochsLearningRate() throws Exception {
        assertSparkEqualsSingleJvm("export", () -> TinyGraphs.classifier(4, 2, 11, new org.nd4j.linalg.learning.config
                .Nesterovs(new io.mmanet.networks.method.WarmupStepSchedule(0.2, 5, new int[0], 0.1), 0.9)), 2);
    }

    private void assertSparkEqualsSingleJvm(String approach, java.util.function.Supplier<ComputationGraph> graph,
                                            int epoch) throws Exception {
        SparkSession spark = LocalSpark.session();
        TinyShards.write(spark, dir, "train", 40, 2, List.of("rgb"), new int[] {1}, 2, 2,
                new TinyShards.Painter[] {(i, label, k, rng) -> 60 + 120 * label + rng.nextInt(60)}, 1);
        TrainSettings s = TrainSettings.fromConfig(MmanetConfig.load(null, List.of(
                "train.workers=1", "train.averaging-frequency=1", "train.batch-size-per-worker=8",
                "train.prefetch-batches=0", "train.seed=7", "train.rdd-training-approach=" + approach)));
        SampleDecoder decoder = new SampleDecoder(List.of("rgb"), new int[] {1}, 2, 2, 2, 2);
        String exportDir = dir.resolve("export").toUri().toString();
        EpochExporter.Export ex = EpochExporter.export(
                io.mmanet.jobs.input.ShardReader.read(spark, new io.mmanet.jobs.input.CorpusInfo(dir.toUri().toString(),
                        List.of(new io.mmanet.networks.combination.Modality("rgb", 1)), 2, 2, List.of("a", "b"), -1), "train").javaRDD(),
                decoder, AugmentSettings.NONE, FLATTEN, 8, s.seed(), epoch, exportDir,
                new SerializableHadoopConfig(spark.sparkContext().hadoopConfiguration()));
        assertEquals(4, ex.paths().size(), "2 partitions x 20 rows -> 2 full batches of 8 each");

        ComputationGraph distributed = graph.get();
        ComputationGraph single = distributed.clone();
        SparkGraphTrainer trainer = new SparkGraphTrainer(LocalSpark.jsc(), s);
        SparkGraphTrainer.EpochOutcome o = trainer.fitEpoch(distributed, ex.paths(), epoch, "equivalence",
                new RunProgress("equivalence", epoch, epoch));
        assertEquals(4, o.rounds());
        assertEquals(32, o.samples());

        single.getConfiguration().setEpochCount(epoch - 1);
        for (String p : SparkGraphTrainer.epochOrder(ex.paths(), s.seed(), epoch)) {
            single.fit(new MaskSafeMultiDataSetLoader().load(
                    new LocalFileSourceFactory().getSource(new URI(p).getPath())));
        }
        INDArray before = graph.get().params();
        assertTrue(before.sub(single.params()).amaxNumber().doubleValue() > 1e-3, "training moved the params");
        assertEquals(0.0, distributed.params().sub(single.params()).amaxNumber().doubleValue(), 1e-6);
        assertEquals(0.0, distributed.getUpdater().getStateViewArray()
                .sub(single.getUpdater().getStateViewArray()).amaxNumber().doubleValue(), 1e-6);
        assertEquals(single.getConfiguration().getIterationCount(), distributed.getConfiguration().getIterationCount());
        assertEquals(epoch, distributed.getConfiguration().getEpochCount(), "one epoch trained: the counter says so");
    }
}
