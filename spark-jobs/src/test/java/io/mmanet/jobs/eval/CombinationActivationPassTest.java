package io.mmanet.jobs.eval;

import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.jobs.input.GeometricTransform;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyGraphs;
import io.mmanet.networks.method.EpochContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The distributed per-combination mean of a vertex's transformed activations equals a row-by-row
 * computation, for a vector and for a spatial map.
 */
class CombinationActivationPassTest {

    @TempDir
    Path dir;

    @Test
    void distributedMeanEqualsARowByRowMean() {
        assertDistributedMeanEqualsRowByRowMean(TinyGraphs.classifier(4, 2, 3), "hidden", 8);
    }

    /**
     * A [N, C, h, w] map (DMRNet's log-variance on a segmentation network): the mean is over the
     * rows, the channels and the positions, each element once.
     */
    @Test
    void aSpatialMapIsAveragedOverRowsChannelsAndPositions() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addVertex("image", new PreprocessorVertex(new FeedForwardToCnnPreProcessor(1, 2, 2)), "in")
                .addLayer("map", new ConvolutionLayer.Builder(1, 1).nIn(2).nOut(3).activation(Activation.TANH).build(),
                        "image")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "map")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").build());
        g.init();
        assertDistributedMeanEqualsRowByRowMean(g, "map", 3 * 1 * 2);
    }

    private void assertDistributedMeanEqualsRowByRowMean(ComputationGraph graph, String vertex, int elementsPerRow) {
        Dataset<Row> split = CombinationConfusionPassTest.twoModalityRows(dir);
        JavaRDD<Row> rows = split.javaRDD();
        EpochContext.ActivationTransform exp = a -> Transforms.exp(a, true);
        CombinationForward forward = new CombinationConfusionPassTest.ConcatForward();
        double[] distributed = CombinationActivationPass.run(rows, CombinationConfusionPassTest.DECODER,
                LocalSpark.jsc().broadcast(new GraphBroadcast(graph)), forward, vertex, exp, 4);

        List<Row> all = split.collectAsList();
        GeometricTransform resize = GeometricTransform.resize(1, 2);
        for (int c = 0; c < forward.size(); c++) {
            double sum = 0;
            long count = 0;
            for (Row row : all) {
                DecodedSample s = CombinationConfusionPassTest.DECODER.decode(
                        CombinationConfusionPassTest.DECODER.raw(row), resize);
                INDArray act = graph.feedForward(forward.inputs(List.of(s), c), false).get(vertex);
                for (int k = 0; k < act.length(); k++) {
                    sum += Math.exp(act.getDouble(k));
                    count++;
                }
            }
            assertEquals(30L * elementsPerRow, count);
            assertEquals(sum / count, distributed[c], 1e-5, forward.name(c));
        }
    }
}
