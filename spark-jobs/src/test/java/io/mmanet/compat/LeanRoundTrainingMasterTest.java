package io.mmanet.compat;

import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyGraphs;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeanRoundTrainingMasterTest {

    @TempDir
    Path dir;

    private static ParameterAveragingTrainingMaster.Builder builder(int workers, int frequency) {
        return new ParameterAveragingTrainingMaster.Builder(workers, 8).batchSizePerWorker(8)
                .averagingFrequency(frequency).workerPrefetchNumBatches(0).saveUpdater(true)
                .repartionData(Repartition.Never).rngSeed(5);
    }

    /** 8-sample batches of a 4-input, 2-class problem, saved as files; their URIs in order. */
    private List<String> batchFiles(int count) throws IOException {
        Random r = new Random(3);
        List<String> paths = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            float[][] x = new float[8][4];
            float[][] y = new float[8][2];
            for (int i = 0; i < 8; i++) {
                int label = r.nextInt(2);
                for (int k = 0; k < 4; k++) {
                    x[i][k] = (float) r.nextGaussian() + label;
                }
                y[i][label] = 1f;
            }
            Path p = dir.resolve("b" + b + ".mds");
            try (OutputStream out = Files.newOutputStream(p)) {
                new MultiDataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y)).save(out);
            }
            paths.add(p.toUri().toString());
        }
        return paths;
    }

    @Test
    void upstreamWorkersBuildTheirNetworkEveryRoundAndOursReuseIt() {
        ComputationGraph g = TinyGraphs.classifier(4, 2, 1);
        SparkComputationGraph net = new SparkComputationGraph(LocalSpark.jsc(), g, builder(1, 1).build());

        // Upstream: every round's worker builds a new network (and layers, helpers, updater) from the broadcast.
        ParameterAveragingTrainingMaster upstream = builder(1, 1).build();
        ComputationGraph first = upstream.getWorkerInstance(net).getInitialModelGraph();
        ComputationGraph second = upstream.getWorkerInstance(net).getInitialModelGraph();
        assertNotSame(first, second, "upstream workers now keep their network: LeanRoundTrainingMaster's reuse can go");

        WorkerNetworkPool.clear();
        LeanRoundTrainingMaster ours = new LeanRoundTrainingMaster(builder(1, 1), true);
        ParameterAveragingTrainingWorker round1 = ours.getWorkerInstance(net);
        ComputationGraph built = round1.getInitialModelGraph();
        built.params().addi(1); // what training would do to the worker's copy
        INDArray sent = round1.getFinalResult(built).getParameters();
        assertEquals(1, WorkerNetworkPool.size(), "given back with the result");
        assertEquals(g.params().add(1), sent);
        built.params().addi(1);
        assertEquals(g.params().add(1), sent, "the result owns its parameters; the network is free for the next task");

        g.getConfiguration().setIterationCount(9);
        g.params().muli(2);
        ComputationGraph reused = ours.getWorkerInstance(net).getInitialModelGraph();
        assertSame(built, reused);
        assertEquals(0, WorkerNetworkPool.size(), "borrowed: a concurrent task builds its own");
        assertEquals(g.params(), reused.params(), "starts from the new round's broadcast parameters");
        assertEquals(g.getUpdater().getStateViewArray(), reused.getUpdater().getStateViewArray());
        assertEquals(9, reused.getConfiguration().getIterationCount());
        WorkerNetworkPool.clear();
    }

    @Test
    void upstreamRoundIsTwoSparkJobsAndOursOne() throws Exception {
        List<String> paths = batchFiles(4);
        JavaSparkContext sc = LocalSpark.jsc();
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                jobs.incrementAndGet();
            }
        };
        sc.sc().addSparkListener(counter);
        try {
            new SparkComputationGraph(sc, TinyGraphs.classifier(4, 2, 1), builder(2, 2).build())
                    .fitPaths(sc.parallelize(paths, 2), new MaskSafeMultiDataSetLoader());
            sc.sc().listenerBus().waitUntilEmpty();
            assertEquals(2, jobs.getAndSet(0), "upstream fitPaths: a count job, then the training job; if one, "
                    + "fitRound's own round is no longer needed");

            LeanRoundTrainingMaster tm = new LeanRoundTrainingMaster(builder(2, 2), true);
            tm.fitRound(new SparkComputationGraph(sc, TinyGraphs.classifier(4, 2, 1), tm), sc.parallelize(paths, 2),
                    new MaskSafeMultiDataSetLoader());
            sc.sc().listenerBus().waitUntilEmpty();
            assertEquals(1, jobs.get());
        } finally {
            sc.sc().removeSparkListener(counter);
        }
    }

    /** Four rounds of two workers: upstream fitPaths, our round with rebuilt networks, ours with reused ones. */
    @Test
    void reusedNetworksTrainBitForBitLikeRebuiltOnes() throws IOException {
        List<String> paths = batchFiles(16);
        ComputationGraph upstream = TinyGraphs.classifier(4, 2, 11);
        ComputationGraph rebuilt = upstream.clone();
        ComputationGraph reused = upstream.clone();
        float[] start = upstream.params().toFloatVector();
        WorkerNetworkPool.clear();
        JavaSparkContext sc = LocalSpark.jsc();
        SparkComputationGraph up = new SparkComputationGraph(sc, upstream, new EpochCountPreservingTrainingMaster(builder(2, 2)));
        LeanRoundTrainingMaster rebuilding = new LeanRoundTrainingMaster(builder(2, 2), false);
        SparkComputationGraph re = new SparkComputationGraph(sc, rebuilt, rebuilding);
        LeanRoundTrainingMaster reusing = new LeanRoundTrainingMaster(builder(2, 2), true);
        SparkComputationGraph ru = new SparkComputationGraph(sc, reused, reusing);
        for (int r = 0; r < 4; r++) {
            List<String> round = paths.subList(4 * r, 4 * r + 4);
            up.fitPaths(sc.parallelize(round, 2), new MaskSafeMultiDataSetLoader());
            rebuilding.fitRound(re, sc.parallelize(round, 2), new MaskSafeMultiDataSetLoader());
            reusing.fitRound(ru, sc.parallelize(round, 2), new MaskSafeMultiDataSetLoader());
            assertEquals(up.getScore(), ru.getScore(), 0.0);
        }
        assertTrue(WorkerNetworkPool.size() >= 1, "the reusing rounds kept their networks");
        float[] trained = upstream.params().toFloatVector();
        assertTrue(Math.abs(trained[0] - start[0]) + Math.abs(trained[trained.length - 1] - start[start.length - 1]) > 0,
                "training moved the parameters");
        assertArrayEquals(trained, rebuilt.params().toFloatVector());
        assertArrayEquals(trained, reused.params().toFloatVector());
        assertArrayEquals(upstream.getUpdater().getStateViewArray().toFloatVector(),
                reused.getUpdater().getStateViewArray().toFloatVector());
        assertEquals(upstream.getConfiguration().getIterationCount(), reused.getConfiguration().getIterationCount());
        assertEquals(upstream.getConfiguration().getEpochCount(), reused.getConfiguration().getEpochCount());
        assertEquals(DataType.FLOAT, reused.params().dataType());
        WorkerNetworkPool.clear();
    }
}
