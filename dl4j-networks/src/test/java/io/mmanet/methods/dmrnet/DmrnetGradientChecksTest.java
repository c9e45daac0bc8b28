package io.mmanet.methods.dmrnet;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.Modality;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.testing.TinyNetworks;
import io.mmanet.tasks.segmentation.SegmentationTask;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.mmanet.networks.testing.DoublePrecision;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GradientCheckUtil (double precision) on DMRNet's KL loss (on vectors and on a flattened spatial
 * map), on the reparameterisation vertex with fixed eps, and on a whole segmentation DMRNet
 * training graph (embedding on a 1x2 stage-4 map, KL, per-pixel CE and regularizer).
 */
@ExtendWith(DoublePrecision.class)
class DmrnetGradientChecksTest {
    private static GraphBuilder builder() {
        return new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).graphBuilder();
    }

    private static boolean check(ComputationGraph g, INDArray[] in, INDArray[] labels, INDArray[] labelMasks) {
        return GradientCheckUtil.checkGradients(config(g, in, labels, labelMasks).minAbsoluteError(1e-9));
    }

    private static GradientCheckUtil.GraphConfig config(ComputationGraph g, INDArray[] in, INDArray[] labels,
                                                        INDArray[] labelMasks) {
        return new GradientCheckUtil.GraphConfig().net(g).inputs(in).labels(labels).labelMask(labelMasks)
                .epsilon(1e-6).maxRelError(1e-5).print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false);
    }

    private static INDArray rand(long... shape) {
        return Nd4j.rand(DataType.DOUBLE, shape).subi(0.5).muli(2);
    }

    @Test
    void klLossOnMeanAndLogVarianceBranches() {
        int n = 5;
        int d = 4;
        GraphBuilder gb = builder().addInputs("x").setInputTypes(InputType.feedForward(3))
                .addLayer("mu", new DenseLayer.Builder().nOut(d).activation(Activation.TANH).build(), "x")
                .addLayer("logvar", new DenseLayer.Builder().nOut(d).activation(Activation.TANH).build(), "x")
                .addVertex("m", new MergeVertex(), "mu", "logvar")
                .addLayer("kl", new LossLayer.Builder(new GaussianKlLoss(0.7, d)).activation(Activation.IDENTITY)
                        .build(), "m")
                .setOutputs("kl");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        INDArray gate = Nd4j.ones(DataType.DOUBLE, n, 1);
        INDArray mask = Nd4j.create(new double[][] {{1}, {0}, {1}, {1}, {0.5}});
        assertTrue(check(g, new INDArray[] {rand(n, 3)}, new INDArray[] {gate}, new INDArray[] {mask}));
    }

    @Test
    void klLossOnASpatialMapFlattenedPerSample() {
        int n = 4;
        int c = 3;
        GraphBuilder gb = builder().addInputs("x").setInputTypes(InputType.convolutional(2, 3, 2))
                .addLayer("mu", new ConvolutionLayer.Builder(1, 1).nOut(c).activation(Activation.TANH).build(), "x")
                .addLayer("logvar", new ConvolutionLayer.Builder(1, 1).nOut(c).activation(Activation.TANH).build(), "x")
                .addVertex("mu_flat", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(2, 3, c)), "mu")
                .addVertex("logvar_flat", new PreprocessorVertex(new CnnToFeedForwardPreProcessor(2, 3, c)), "logvar")
                .addVertex("m", new MergeVertex(), "mu_flat", "logvar_flat")
                .addLayer("kl", new LossLayer.Builder(new GaussianKlLoss(0.7, c * 2 * 3))
                        .activation(Activation.IDENTITY).build(), "m")
                .setOutputs("kl");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        assertTrue(check(g, new INDArray[] {rand(n, 2, 2, 3)}, new INDArray[] {Nd4j.ones(DataType.DOUBLE, n, 1)}, null));
    }

    /**
     * The whole segmentation training graph of DMRNet with a fixed eps (a DmrnetMethod whose vertex
     * draws the same noise at every pass: perturbing a parameter must not change it), after warm-up
     * with the hard set {rgb}. Width-1 stages, two rows and a 32x64 input (stage 4 is 1x2) keep it small;
     * BN decay 1 as in the MMANet end-to-end check.
     */
    @Test
    void segmentationTrainingGraph() {
        Modalities rgbd = Modalities.of(new Modality("rgb", 3), new Modality("depth", 1));
        NetworkSpec spec = NetworkSpec.builder(rgbd).input(32, 64).stemWidth(1).stageWidths(1, 1, 1, 1)
                .blocksPerStage(1, 1, 1, 1).seReduction(1).numClasses(2).task(new SegmentationTask()).seed(3)
                .dataType(DataType.DOUBLE).bnDecay(1.0).build();
        DmrnetMethod dmrnet = new DmrnetMethod(42L);
        ComputationGraph g = TrainingGraphs.forMethod(spec, MethodSettings.paperDefaults(dmrnet), List.of(),
                TrainingGraphs.Options.gradientCheck(new NoOp()));
        int n = 2;
        Random r = new Random(5);
        BatchAssembler a = new BatchAssembler(spec, dmrnet);
        float[][][] px = TinyNetworks.randomPixels(spec, n, r);
        ModalityCombination rgb = ModalityCombination.parse("rgb", rgbd);
        ModalityCombination[] drawn = {rgb, ModalityCombination.full(rgbd)};
        int[] labels = new int[n * 32 * 64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 7 == 0 ? 255 : r.nextInt(2);
        }
        MultiDataSet mds = a.assemble(px, labels, drawn, Set.of(rgb), true);
        assertTrue(mds.getLabelsMaskArray(2).sumNumber().doubleValue() > 0, "the regularizer is on for row 0");
        // The score is a mean over the pixels (~1.2): its rounding, a few ulp over 2 * epsilon, puts
        // the numerical gradient's noise floor near 3e-9, hence the absolute tolerance 1e-8.
        // (GraphConfig.subset is ignored for graphs in 1.0.0-M2.1: every parameter is checked.)
        assertTrue(GradientCheckUtil.checkGradients(config(g, mds.getFeatures(), mds.getLabels(),
                mds.getLabelsMaskArrays()).minAbsoluteError(1e-8)));
    }

    @Test
    void reparameterisationVertexWithFixedNoise() {
        int n = 4;
        GraphBuilder gb = builder().addInputs("x").setInputTypes(InputType.convolutional(3, 3, 2))
                .addLayer("mu", new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.TANH).build(), "x")
                .addLayer("logvar", new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.TANH).build(), "x")
                .addVertex("z", new ReparameterizationVertex(42L), "mu", "logvar")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "z")
                .addLayer("fc", new DenseLayer.Builder().nOut(2).activation(Activation.IDENTITY).build(), "pool")
                .addLayer("out", new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).build(), "fc")
                .setOutputs("out");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, n, 2);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % 2, 1.0);
        }
        assertTrue(check(g, new INDArray[] {rand(n, 2, 3, 3)}, new INDArray[] {labels}, null));
    }
}
