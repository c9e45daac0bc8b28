package io.mmanet.bench;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.Modality;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiplyAddsTest {

    /**
     * A trainable branch (conv on the image, conv, dense, output) and a frozen one (frozen conv, then
     * a trainable dense and output): each count by hand from the shapes.
     */
    @Test
    void countsEachPassFromTheShapes() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("image")
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same).build(), "image")
                .addLayer("bn", new BatchNormalization.Builder().build(), "c1")
                .addLayer("c2", new ConvolutionLayer.Builder(1, 1).nOut(5).build(), "bn")
                .addLayer("pool", new GlobalPoolingLayer.Builder().build(), "c2")
                .addLayer("d1", new DenseLayer.Builder().nOut(6).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).build(), "d1")
                .addLayer("f1", new FrozenLayer(new ConvolutionLayer.Builder(3, 3).nIn(3).nOut(2)
                        .convolutionMode(ConvolutionMode.Same).build()), "image")
                .addLayer("fpool", new GlobalPoolingLayer.Builder().build(), "f1")
                .addLayer("d2", new DenseLayer.Builder().nOut(3).build(), "fpool")
                .addLayer("out2", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).build(), "d2")
                .setOutputs("out", "out2")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .build();
        MultiplyAdds m = MultiplyAdds.of(conf, InputType.convolutional(8, 8, 3));

        long c1 = 8 * 8 * 4 * 3 * 9;
        long c2 = 8 * 8 * 5 * 4;
        long d1 = 5 * 6;
        long out = 6 * 2;
        long f1 = 8 * 8 * 2 * 3 * 9;
        long d2 = 2 * 3;
        long out2 = 3 * 2;
        assertEquals(c1 + c2 + d1 + out + f1 + d2 + out2, m.forward());
        assertEquals(c1 + c2 + d1 + out + d2 + out2, m.weightGradients(), "every trainable layer, no frozen one");
        // c1 reads the image and d2 a frozen branch: nothing upstream of them takes a gradient.
        assertEquals(c2 + d1 + out + out2, m.inputGradients());
        assertEquals(m.forward() + m.weightGradients() + m.inputGradients(), m.trainingStep());
    }

    @Test
    void refusesConvolutionsWhoseArithmeticItDoesNotKnow() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("image")
                .addLayer("dw", new DepthwiseConvolution2D.Builder(3, 3).nOut(6).build(), "image")
                .addLayer("pool", new GlobalPoolingLayer.Builder().build(), "dw")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).build(), "pool")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultiplyAdds.of(conf, InputType.convolutional(8, 8, 3)));
        assertTrue(e.getMessage().contains("'dw'"), e.getMessage());
    }

    /**
     * The paper architecture at 48x48 against the PyTorch peer (../shared/bench/peer_bench_torch.py,
     * which mirrors the official model), counted independently by docs/tools/peer_multiply_adds.py with
     * forward hooks on its Conv2d and Linear modules (per sample: forward 180,317,184 of which the
     * three stems 1,658,880; the regularization trunk's forward 58,328,064): the same network, so the
     * same multiply-adds.
     * MMANet / SF-MD = 1.659x here: above the 1.6x goal before any overhead.
     */
    @Test
    void paperArchitectureMatchesThePyTorchPeersCount() {
        Modalities m = Modalities.of(new Modality("rgb", 3), new Modality("depth", 1), new Modality("ir", 1));
        NetworkSpec spec = NetworkSpec.builder(m).input(48, 48).stemWidth(64).stageWidths(64, 128, 256, 512)
                .blocksPerStage(2, 2, 2, 2).seReduction(16).numClasses(2).build();
        Method mmanet = Methods.get("mmanet");
        MethodSettings settings = MethodSettings.paperDefaults(mmanet);
        MultiplyAdds sfmd = MultiplyAdds.of(TrainingGraphs.deployment(spec, settings).getConfiguration(),
                TrainingGraphs.trainingInputTypes(spec, Methods.get("sf-md")));
        MultiplyAdds mm = MultiplyAdds.of(TrainingGraphs.forMethod(spec, settings, TrainingGraphs.teacher(spec))
                .getConfiguration(), TrainingGraphs.trainingInputTypes(spec, mmanet));

        long forward = 180_317_184L;
        long stems = 1_658_880L;
        long regTrunk = 58_328_064L;
        assertEquals(new MultiplyAdds(forward, forward - stems, forward), sfmd);
        // Student and teacher forward plus the regularization trunk's; gradients for student and trunk only.
        assertEquals(new MultiplyAdds(2 * forward + regTrunk, forward - stems + regTrunk, forward + regTrunk), mm);
        assertEquals(539_292_672L, sfmd.trainingStep());
        assertEquals(894_594_048L, mm.trainingStep());

        // The regularization network runs on the weak rows only: 3 of the 7 combinations a sample draws.
        MultiplyAdds weakRows = MultiplyAdds.of(TrainingGraphs.forMethod(spec, settings, TrainingGraphs.teacher(spec))
                .getConfiguration(), 3.0 / 7, TrainingGraphs.trainingInputTypes(spec, mmanet));
        long regShare = Math.round(58_328_064L * 3.0 / 7);
        long rounding = 32; // each of the trunk's layers is rounded on its own
        assertEquals(2 * forward, weakRows.forward() - regShare, rounding);
        assertEquals(forward - stems, weakRows.inputGradients() - regShare, rounding);
        assertEquals(forward, weakRows.weightGradients() - regShare, rounding);
        assertEquals(1.4734, (double) weakRows.trainingStep() / sfmd.trainingStep(), 1e-4);
    }
}
