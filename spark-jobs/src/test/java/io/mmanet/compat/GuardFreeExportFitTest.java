package io.mmanet.compat;

import io.mmanet.jobs.testing.LocalSpark;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.util.ExportSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuardFreeExportFitTest {

    /**
     * The upstream guard behind fitMultiDataSet(Export): single-host masters, where file: is
     * shared by construction, are refused when the default file system is file:.
     */
    @Test
    void upstreamGuardRefusesSingleHostMastersOnFileSystemDefault() throws Exception {
        FileSystem local = FileSystem.getLocal(new Configuration());
        assertTrue(ExportSupport.exportSupported("local[2]", local));
        assertFalse(ExportSupport.exportSupported("local[2,1]", local), "local with task retries: one JVM");
        assertFalse(ExportSupport.exportSupported("local-cluster[2,1,1024]", local), "one host");
        assertFalse(ExportSupport.exportSupported("spark://127.0.0.1:7077", local));
    }

    @Test
    void fitsExportedBatchesAndRemovesThem(@TempDir Path tmp) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3)
                .updater(new Sgd(0.1)).dataType(DataType.FLOAT).graphBuilder().addInputs("x")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "x")
                .setOutputs("out").build());
        g.init();
        INDArray before = g.params().dup();
        List<MultiDataSet> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 2);
            y.getColumn(b % 2).assign(1);
            batches.add(new MultiDataSet(new INDArray[] {Nd4j.rand(DataType.FLOAT, 8, 3)}, new INDArray[] {y}));
        }
        SparkComputationGraph net = new SparkComputationGraph(LocalSpark.jsc(), g,
                new ParameterAveragingTrainingMaster.Builder(2, 8).batchSizePerWorker(8).averagingFrequency(2)
                        .workerPrefetchNumBatches(0).build());
        Path dir = tmp.resolve("export");
        GuardFreeExportFit.fit(net, batches, dir.toUri().toString(), 2);
        assertNotEquals(before, net.getNetwork().params());
        assertFalse(Files.exists(dir), "the batch files are deleted after the round");
    }
}
