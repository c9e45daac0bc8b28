package io.mmanet.networks.graph;

import io.mmanet.compat.PerExampleMaskedMcxent;
import io.mmanet.networks.testing.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link SelectRowsVertex} and {@link RestoreRowsVertex}: their gradient (GradientCheckUtil, double
 * precision), and that training a branch on the selected rows only is the same step as training
 * it on every row with the others masked out, when nothing in the branch mixes rows (no batch norm).
 */
@ExtendWith(DoublePrecision.class)
class SelectRowsVertexTest {
    private static final double[] SELECTION = {1, 0, 0, 1, 1, 0};

    private static INDArray oneHot(int n, int c) {
        INDArray l = Nd4j.zeros(DataType.DOUBLE, n, c);
        for (int i = 0; i < n; i++) {
            l.putScalar(i, (i * 5 + 1) % c, 1.0);
        }
        return l;
    }

    private static INDArray selection() {
        return Nd4j.create(SELECTION, new long[] {SELECTION.length, 1}, 'c');
    }

    @Test
    void gradientCheck() {
        int n = SELECTION.length;
        GraphBuilder gb = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("x", "rows").setInputTypes(InputType.convolutional(4, 4, 2), InputType.feedForward(1))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build(), "x")
                .addVertex("selected", new SelectRowsVertex(), "conv", "rows")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "selected")
                .addLayer("fc", new DenseLayer.Builder().nOut(2).activation(Activation.IDENTITY).build(), "pool")
                .addVertex("restored", new RestoreRowsVertex(), "fc", "rows")
                .addLayer("out", new LossLayer.Builder(new PerExampleMaskedMcxent(1.0)).activation(Activation.SOFTMAX)
                        .build(), "restored")
                .setOutputs("out");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, 2, 4, 4).subi(0.5);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {x, selection()}).labels(new INDArray[] {oneHot(n, 2)})
                .labelMask(new INDArray[] {selection().repeat(1, 2)})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false)));
    }

    /** A shared layer, a head on every row and a second head on {@code selected} rows or on all rows masked. */
    private static ComputationGraph twoHeads(boolean selectRows) {
        GraphBuilder gb = new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.DOUBLE).updater(new Sgd(0.5))
                .weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("x", "rows").setInputTypes(InputType.feedForward(4), InputType.feedForward(1))
                .addLayer("shared", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), "x")
                .addLayer("out", new OutputLayer.Builder().nOut(3).activation(Activation.SOFTMAX)
                        .lossFunction(new PerExampleMaskedMcxent(1.0)).build(), "shared");
        String regIn = "shared";
        if (selectRows) {
            gb.addVertex("selected", new SelectRowsVertex(), "shared", "rows");
            regIn = "selected";
        }
        gb.addLayer("reg", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(), regIn)
                .addLayer("reg_fc", new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build(), "reg");
        String logits = "reg_fc";
        if (!selectRows) {
            gb.allowDisconnected(true); // its "rows" input is unused
        } else {
            gb.addVertex("restored", new RestoreRowsVertex(), "reg_fc", "rows");
            logits = "restored";
        }
        gb.addLayer("reg_out", new LossLayer.Builder(new PerExampleMaskedMcxent(0.7)).activation(Activation.SOFTMAX)
                        .build(), logits)
                .setOutputs("out", "reg_out");
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        return g;
    }

    @Test
    void trainingTheSelectedRowsIsTrainingEveryRowMasked() {
        int n = SELECTION.length;
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, 4).subi(0.5);
        INDArray labels = oneHot(n, 3);
        INDArray all = Nd4j.ones(DataType.DOUBLE, n, 3);
        INDArray wideSelection = selection().repeat(1, 3);

        ComputationGraph masked = twoHeads(false);
        ComputationGraph selected = twoHeads(true);
        for (String layer : new String[] {"shared", "out", "reg", "reg_fc"}) {
            selected.getLayer(layer).setParams(masked.getLayer(layer).params().dup());
        }
        MultiDataSet batch = new MultiDataSet(new INDArray[] {x, selection()}, new INDArray[] {labels, labels}, null,
                new INDArray[] {all, wideSelection});
        assertEquals(masked.score(batch), selected.score(batch), 1e-12, "the same loss");
        ComputationGraph before = selected.clone();
        masked.fit(batch);
        selected.fit(batch);

        for (String layer : new String[] {"shared", "out", "reg", "reg_fc"}) {
            INDArray a = masked.getLayer(layer).params();
            INDArray b = selected.getLayer(layer).params();
            assertEquals(0.0, a.sub(b).amaxNumber().doubleValue(), 1e-12, layer + " after one step");
        }
        assertNotEquals(0.0, before.getLayer("reg").params().sub(selected.getLayer("reg").params())
                .amaxNumber().doubleValue(), "the step moved the branch");
    }

    @Test
    void noSelectedRowIsAnError() {
        ComputationGraph g = twoHeads(true);
        INDArray none = Nd4j.zeros(DataType.DOUBLE, 3, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> g.output(Nd4j.rand(DataType.DOUBLE, 3, 4), none));
        assertTrue(e.getMessage().contains("no row selected"), e.getMessage());
    }
}
