package io.mmanet.compat;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static io.mmanet.networks.testing.Bits.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.*;

/** Removal-only TransferLearning gives silently wrong outputs; {@link DeploymentExtraction} is exact. */
class DeploymentExtractionTest {

    /** Two branches on one input; the first branch is added last so it owns the end of the flat params. */
    private static ComputationGraph twoBranches() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).graphBuilder()
                .addInputs("x").setInputTypes(InputType.feedForward(4))
                .addLayer("side", new DenseLayer.Builder().nOut(7).activation(Activation.TANH).build(), "x")
                .addLayer("side_out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "side")
                .addLayer("main", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), "x")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "main")
                .setOutputs("out", "side_out").build());
        g.init();
        return g;
    }

    @Test
    void removalOnlyTransferLearningIsSilentlyWrong() {
        ComputationGraph g = twoBranches();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 4);
        INDArray expected = g.output(false, x)[0];
        ComputationGraph removed = new TransferLearning.GraphBuilder(g)
                .removeVertexAndConnections("side_out").removeVertexAndConnections("side")
                .setOutputs("out").build();
        INDArray got = removed.output(false, x)[0];
        assertFalse(got.equalsWithEps(expected, 1e-9),
                "upstream bug no longer reproduces: removal-only TransferLearning kept the outputs");

        ComputationGraph extracted = DeploymentExtraction.extract(g, "out");
        assertBitIdentical(expected, extracted.outputSingle(x), "param-copy extraction");
        assertEquals(g.getLayer("main").numParams() + g.getLayer("out").numParams(), extracted.numParams());
    }
}
