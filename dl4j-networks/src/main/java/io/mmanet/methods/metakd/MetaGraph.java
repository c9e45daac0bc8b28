package io.mmanet.methods.metakd;

import io.mmanet.networks.combination.Modality;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.DeploymentInputs;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkBlocks;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.DecodedRows;
import io.mmanet.networks.method.Method;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.ArrayList;
import java.util.List;

/**
 * The driver's meta graph of MetaKD (spec 7.2, {@code val=True}): the deployment network with
 * each modality block of the mean-filled fused tensor multiplied by w = softmax(theta) before the
 * trunk. Its parameters are copied from the training graph by layer name; it is only used for the
 * validation loss and its gradient with respect to theta (nothing is fitted here).
 */
final class MetaGraph {
    private final NetworkSpec spec;
    private final ComputationGraph graph;
    private final DeploymentInputs inputs;

    private MetaGraph(NetworkSpec spec, ComputationGraph graph) {
        this.spec = spec;
        this.graph = graph;
        this.inputs = new DeploymentInputs(spec);
    }

    static MetaGraph build(NetworkSpec spec, Method method) {
        GraphBuilder gb = new NeuralNetConfiguration.Builder().seed(spec.seed()).dataType(spec.dataType())
                .updater(new NoOp()).graphBuilder();
        List<String> in = GraphNames.deploymentInputs(spec.modalities());
        in.add(ModalityDistillation.ONE);
        gb.addInputs(in);
        List<InputType> types = new ArrayList<>();
        for (Modality m : spec.modalities().asList()) {
            types.add(InputType.convolutional(spec.inputHeight(), spec.inputWidth(), m.channels()));
        }
        types.add(InputType.feedForward(spec.modalities().size()));
        types.add(InputType.feedForward(1));
        gb.setInputTypes(types.toArray(new InputType[0]));
        NetworkBlocks blocks = new NetworkBlocks(gb, spec, "", false);
        String fused = blocks.fusion(GraphNames.MASK);
        String filled = method.trunkInput(blocks, fused);
        gb.addLayer(ModalityDistillation.THETA, ModalityDistillation.thetaLayer(spec.modalities().size()),
                ModalityDistillation.ONE);
        String weighted = blocks.vertex("metakd_weighted", new ModalityBlocksVertex(ModalityBlocksVertex.Mode.WEIGHT,
                spec.modalities().size()), filled, ModalityDistillation.THETA);
        String logits = spec.task().head(blocks, blocks.trunk(fused, weighted, blocks));
        spec.task().output(blocks, GraphNames.OUT, logits, spec.task().outputLoss(spec));
        gb.setOutputs(GraphNames.OUT);
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        return new MetaGraph(spec, g);
    }

    ComputationGraph graph() {
        return graph;
    }

    /** Copies every layer's parameters (batch-norm statistics included) from {@code training}. */
    void copyFrom(ComputationGraph training) {
        for (Layer l : graph.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            if (l.numParams() > 0) {
                l.setParams(training.getLayer(name).params().dup());
            }
        }
    }

    void theta(double[] theta) {
        graph.setParam(ModalityDistillation.THETA + "_W", Nd4j.create(theta, new long[] {1, theta.length}, 'c')
                .castTo(spec.dataType()));
    }

    /**
     * Deployment inputs with each row's own modalities (no dropout), plus the constant 1; the
     * task's labels of the rows (per row or per pixel) with an all-one mask.
     */
    MultiDataSet data(DecodedRows rows) {
        int n = rows.size();
        int numMod = spec.modalities().size();
        INDArray[] deploy = inputs.inferenceInputs(rows.pixels(), ModalityCombination.full(spec.modalities()));
        float[] mask = new float[n * numMod];
        for (int i = 0; i < n; i++) {
            System.arraycopy(inputs.available(rows.pixels()[i]).mask(), 0, mask, i * numMod, numMod);
        }
        deploy[numMod] = Nd4j.create(mask, new long[] {n, numMod}, 'c').castTo(spec.dataType());
        INDArray[] all = java.util.Arrays.copyOf(deploy, numMod + 2);
        all[numMod + 1] = Nd4j.ones(spec.dataType(), n, 1);
        int perRow = spec.task().labelsPerSample(spec);
        if (rows.labelsPerSample() != perRow) {
            throw new IllegalArgumentException("the " + spec.task().name() + " task reads " + perRow
                    + " labels per row, the validation rows carry " + rows.labelsPerSample());
        }
        // One class per row or one per pixel: the task builds the array ([N, C] or [N, C, H, W]).
        INDArray labels = spec.task().labels(rows.labels(), spec).castTo(spec.dataType());
        return new MultiDataSet(all, new INDArray[] {labels}, null,
                new INDArray[] {Nd4j.ones(spec.dataType(), labels.shape())});
    }

    /** The validation loss at {@code theta}: the task loss of the w-weighted network, mean over rows. */
    double loss(double[] theta, DecodedRows rows) {
        theta(theta);
        return graph.score(data(rows), true);
    }

    /** The loss and its gradient with respect to theta (first-order: every other parameter fixed). */
    double[] gradient(double[] theta, DecodedRows rows) {
        theta(theta);
        MultiDataSet d = data(rows);
        graph.setInputs(d.getFeatures());
        graph.setLabels(d.getLabels());
        graph.setLayerMaskArrays(null, d.getLabelsMaskArrays());
        graph.computeGradientAndScore();
        // DL4J's gradients are of the summed loss (the updater divides by the minibatch size).
        INDArray g = graph.gradient().getGradientFor(ModalityDistillation.THETA + "_W");
        double[] out = g.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(theta.length).toDoubleVector();
        for (int k = 0; k < out.length; k++) {
            out[k] /= rows.size();
        }
        graph.clearLayerMaskArrays();
        return out;
    }
}
