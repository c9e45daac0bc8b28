package io.mmanet.compat;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.lang.reflect.Field;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DL4J M2.1's oneDNN batch-norm helper takes the training batch variance from ND4J's generic
 * {@code Variance} reduction and backpropagates through libnd4j's {@code batchnorm_bp};
 * {@link TwoPassBatchNormHelper} computes statistics, normalisation and gradients in its own loops
 * and agrees with DL4J's path and with a DOUBLE reference within float rounding.
 */
class TwoPassBatchNormHelperTest {

    static {
        FastCpuPath.install();
    }

    private static final float TOLERANCE = 2e-5f;

    private static MultiLayerNetwork net(boolean twoPass, DataType type) {
        BatchNormalization bn = new BatchNormalization.Builder().decay(0.9).eps(1e-5).activation(Activation.RELU).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(type)
                .updater(new Nesterovs(0.05, 0.9)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).convolutionMode(ConvolutionMode.Same).hasBias(false)
                        .activation(Activation.IDENTITY).build())
                .layer(twoPass ? TwoPassBatchNormalization.of(bn) : bn)
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 6, 2)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    private static INDArray input(DataType type) {
        Nd4j.getRandom().setSeed(3);
        // offset and scale such that a one-pass variance would cancel digits
        return Nd4j.randn(DataType.DOUBLE, 16, 2, 6, 6).muli(0.5).addi(3).castTo(type);
    }

    private static INDArray labels(DataType type) {
        INDArray y = Nd4j.zeros(type, 16, 3);
        for (int r = 0; r < 16; r++) {
            y.putScalar(r, r % 3, 1.0);
        }
        return y;
    }

    private static Object helperOf(MultiLayerNetwork n) throws ReflectiveOperationException {
        Field f = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class.getDeclaredField("helper");
        f.setAccessible(true);
        return f.get(n.getLayer(1));
    }

    /** Max abs difference over max abs value of the reference. */
    private static double relDiff(INDArray a, INDArray ref) {
        INDArray r = ref.castTo(DataType.DOUBLE);
        return a.castTo(DataType.DOUBLE).sub(r).amaxNumber().doubleValue() / Math.max(1e-12, r.amaxNumber().doubleValue());
    }

    @Test
    void upstreamHelperTakesTheVarianceFromTheGenericReductionOursAgreesWithinFloatRounding() throws Exception {
        MultiLayerNetwork stock = net(false, DataType.FLOAT);
        MultiLayerNetwork twoPass = net(true, DataType.FLOAT);
        assertSame(MKLDNNBatchNormHelper.class, helperOf(stock).getClass(), "FLOAT batch norm runs DL4J's oneDNN helper");
        assertInstanceOf(TwoPassBatchNormHelper.class, helperOf(twoPass));
        assertEquals("MKLDNNBatchNormHelper", OneDnnHelpers.pathOf(twoPass.getLayer(1)), "check reports the DL4J class");
        twoPass.setParams(stock.params());
        INDArray x = input(DataType.FLOAT);
        stock.feedForward(x, true);
        twoPass.feedForward(x, true);
        INDArray bnIn = stock.feedForwardToLayer(0, x, true).get(1);

        MKLDNNBatchNormHelper upstream = (MKLDNNBatchNormHelper) helperOf(stock);
        INDArray viaVarianceOp = Nd4j.exec(new Variance(bnIn, Nd4j.create(DataType.FLOAT, 8), false, 0, 2, 3));
        assertEquals(viaVarianceOp, upstream.getVarCache(DataType.FLOAT), "upstream: ND4J's Variance op, bit for bit");

        INDArray exact = bnIn.castTo(DataType.DOUBLE).var(false, 0, 2, 3);
        INDArray ours = ((TwoPassBatchNormHelper) helperOf(twoPass)).getVarCache(DataType.FLOAT);
        assertTrue(relDiff(ours, exact) < 1e-6, "two-pass variance vs DOUBLE: " + relDiff(ours, exact));
        assertTrue(relDiff(upstream.getVarCache(DataType.FLOAT), exact) < 1e-6);
        INDArray exactMean = bnIn.castTo(DataType.DOUBLE).mean(0, 2, 3);
        INDArray ourMean = ((TwoPassBatchNormHelper) helperOf(twoPass)).getMeanCache(DataType.FLOAT);
        assertTrue(relDiff(ourMean, exactMean) < 1e-6, "mean vs DOUBLE: " + relDiff(ourMean, exactMean));
    }

    @Test
    void outputsAndGradientsAgreeWithDl4jAndWithDouble() {
        MultiLayerNetwork stock = net(false, DataType.FLOAT);
        MultiLayerNetwork twoPass = net(true, DataType.FLOAT);
        MultiLayerNetwork reference = net(false, DataType.DOUBLE); // built-in layer, double arithmetic
        twoPass.setParams(stock.params());
        reference.setParams(stock.params().castTo(DataType.DOUBLE));
        INDArray x = input(DataType.FLOAT);
        INDArray y = labels(DataType.FLOAT);

        INDArray outStock = stock.feedForward(x, true).get(2);
        INDArray outOurs = twoPass.feedForward(x, true).get(2);
        INDArray outRef = reference.feedForward(x.castTo(DataType.DOUBLE), true).get(2);
        assertTrue(relDiff(outOurs, outStock) < TOLERANCE, "batch-norm output vs DL4J: " + relDiff(outOurs, outStock));
        assertTrue(relDiff(outOurs, outRef) < TOLERANCE, "batch-norm output vs DOUBLE: " + relDiff(outOurs, outRef));

        for (MultiLayerNetwork n : new MultiLayerNetwork[]{stock, twoPass, reference}) {
            n.setInput(n == reference ? x.castTo(DataType.DOUBLE) : x);
            n.setLabels(n == reference ? y.castTo(DataType.DOUBLE) : y);
            n.computeGradientAndScore();
        }
        Gradient gStock = stock.gradient();
        Gradient gOurs = twoPass.gradient();
        Gradient gRef = reference.gradient();
        for (String key : gStock.gradientForVariable().keySet()) {
            INDArray ours = gOurs.getGradientFor(key);
            assertTrue(relDiff(ours, gStock.getGradientFor(key)) < 1e-4, key + " vs DL4J: " + relDiff(ours, gStock.getGradientFor(key)));
            assertTrue(relDiff(ours, gRef.getGradientFor(key)) < 1e-4, key + " vs DOUBLE: " + relDiff(ours, gRef.getGradientFor(key)));
        }
        assertEquals(stock.score(), twoPass.score(), 1e-6);
    }

    @Test
    void trainingStepsAndInferenceWithRunningStatisticsAgreeWithDl4j() {
        MultiLayerNetwork stock = net(false, DataType.FLOAT);
        MultiLayerNetwork ours = net(true, DataType.FLOAT);
        ours.setParams(stock.params());
        for (int i = 0; i < 4; i++) {
            stock.fit(input(DataType.FLOAT), labels(DataType.FLOAT));
            ours.fit(input(DataType.FLOAT), labels(DataType.FLOAT));
        }
        // parameters include the running mean and variance the layer updates from the batch statistics
        assertTrue(relDiff(ours.params(), stock.params()) < 1e-4, "after 4 steps: " + relDiff(ours.params(), stock.params()));
        INDArray x = input(DataType.FLOAT).muli(1.3);
        INDArray inferenceStock = stock.feedForward(x, false).get(2);
        INDArray inferenceOurs = ours.feedForward(x, false).get(2);
        assertTrue(relDiff(inferenceOurs, inferenceStock) < 1e-4, "inference: " + relDiff(inferenceOurs, inferenceStock));
    }

    @Test
    void doubleRunsDl4jsBuiltInLayerAndJsonKeepsTheClass() {
        MultiLayerNetwork stock = net(false, DataType.DOUBLE);
        MultiLayerNetwork twoPass = net(true, DataType.DOUBLE);
        MultiLayerNetwork restored = new MultiLayerNetwork(
                MultiLayerConfiguration.fromJson(twoPass.getLayerWiseConfigurations().toJson()));
        restored.init();
        assertInstanceOf(TwoPassBatchNormalizationImpl.class, restored.getLayer(1), "the configuration survives JSON");
        assertEquals(stock.getLayerWiseConfigurations().toJson(),
                twoPass.getLayerWiseConfigurations().toJson().replace(TwoPassBatchNormalization.class.getName(),
                        BatchNormalization.class.getName()), "every field of DL4J's configuration copied");
        twoPass.setParams(stock.params());
        for (int i = 0; i < 3; i++) {
            stock.fit(input(DataType.DOUBLE), labels(DataType.DOUBLE));
            twoPass.fit(input(DataType.DOUBLE), labels(DataType.DOUBLE));
        }
        assertEquals(stock.params(), twoPass.params(), "DOUBLE: the same built-in code, the same bits");
    }
}
