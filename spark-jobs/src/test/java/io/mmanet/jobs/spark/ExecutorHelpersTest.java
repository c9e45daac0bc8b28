package io.mmanet.jobs.spark;

import io.mmanet.compat.OneDnnHelpers;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.testing.TinyNetworks;
import org.apache.spark.SparkConf;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The oneDNN helpers reach the executors: through their JVM options, and in the networks the workers build. */
class ExecutorHelpersTest {

    private static final String OPTION = "-D" + OneDnnHelpers.PROPERTY + "=false";

    @Test
    void executorJvmOptionsCarryTheHelperSetting() {
        SparkConf plain = SparkSessions.sparkConf(MmanetConfig.load(null, List.of()));
        assertEquals(OPTION, plain.get(ExecutorHelpers.EXECUTOR_OPTIONS));

        SparkConf user = SparkSessions.sparkConf(MmanetConfig.load(null, List.of(
                "spark.conf.\"spark.executor.extraJavaOptions\"=\"-Dfoo=1\"")));
        assertEquals("-Dfoo=1 " + OPTION, user.get(ExecutorHelpers.EXECUTOR_OPTIONS), "appended, not replaced");

        String off = "-D" + OneDnnHelpers.PROPERTY + "=true";
        SparkConf explicit = SparkSessions.sparkConf(MmanetConfig.load(null, List.of(
                "spark.conf.\"spark.executor.extraJavaOptions\"=\"" + off + "\"")));
        assertEquals(off, explicit.get(ExecutorHelpers.EXECUTOR_OPTIONS), "an explicit executor setting wins");
    }

    /** Layer paths of the networks the parameter-averaging workers train (local mode: this JVM). */
    static final Set<String> WORKER_PATHS = ConcurrentHashMap.newKeySet();

    @Test
    void parameterAveragingWorkersTrainWithTheHelpers() {
        NetworkSpec spec = TinyNetworks.tiny(DataType.FLOAT);
        ComputationGraph net = TrainingGraphs.deployment(spec);
        BatchAssembler assembler = new BatchAssembler(spec, Methods.get("sf-md"));
        Random r = new Random(5);
        List<MultiDataSet> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            float[][][] px = TinyNetworks.randomPixels(spec, 4, r);
            ModalityCombination[] drawn = assembler.drawCombinations(px, r);
            batches.add(assembler.assemble(px, TinyNetworks.randomLabels(4, 2, r), drawn, null, false));
        }
        WORKER_PATHS.clear();
        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(2, 4)
                .batchSizePerWorker(4).averagingFrequency(1).workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .trainingHooks(new RecordPaths()).build();
        new SparkComputationGraph(LocalSpark.jsc(), net, tm).fitMultiDataSet(LocalSpark.jsc().parallelize(batches, 2));
        assertFalse(WORKER_PATHS.isEmpty(), "no worker step was observed");
        assertEquals(Set.of("MKLDNNConvHelper"), WORKER_PATHS);
    }

    /** Records, on the worker, which path the network's convolution layers run. */
    private static final class RecordPaths implements TrainingHook {
        @Override
        public void preUpdate(MultiDataSet minibatch, Model model) {
            OneDnnHelpers.pathsByLayerType((ComputationGraph) model).entrySet().stream()
                    .filter(e -> e.getKey().equals("ConvolutionLayer")).forEach(e -> WORKER_PATHS.add(e.getValue()));
        }

        @Override
        public void postUpdate(MultiDataSet minibatch, Model model) {
        }

        @Override
        public void preUpdate(DataSet minibatch, Model model) {
        }

        @Override
        public void postUpdate(DataSet minibatch, Model model) {
        }
    }
}
