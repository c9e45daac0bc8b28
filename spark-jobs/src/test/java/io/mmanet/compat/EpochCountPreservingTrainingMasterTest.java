package io.mmanet.compat;

import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyGraphs;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EpochCountPreservingTrainingMasterTest {

    private static ParameterAveragingTrainingMaster.Builder builder() {
        return new ParameterAveragingTrainingMaster.Builder(1, 8).batchSizePerWorker(8).averagingFrequency(1);
    }

    @Test
    void upstreamWorkersTrainAtEpochZeroAndOursAtTheDriversEpoch() {
        ComputationGraph g = TinyGraphs.classifier(4, 2, 1);
        g.getConfiguration().setEpochCount(3);
        g.getConfiguration().setIterationCount(17);

        // The upstream bug: the worker's network forgets the driver's epoch and iteration.
        ComputationGraph upstream = builder().build()
                .getWorkerInstance(new SparkComputationGraph(LocalSpark.jsc(), g, builder().build()))
                .getInitialModelGraph();
        assertEquals(0, upstream.getConfiguration().getEpochCount(),
                "upstream fixed: workers keep the epoch count; delete EpochCountPreservingTrainingMaster");
        assertEquals(0, upstream.getConfiguration().getIterationCount());

        ComputationGraph ours = new EpochCountPreservingTrainingMaster(builder())
                .getWorkerInstance(new SparkComputationGraph(LocalSpark.jsc(), g, builder().build()))
                .getInitialModelGraph();
        assertEquals(3, ours.getConfiguration().getEpochCount());
        assertEquals(17, ours.getConfiguration().getIterationCount());
        assertEquals(g.params(), ours.params());
    }
}
