package io.mmanet.methods.metakd;

import io.mmanet.networks.data.Minibatch;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphBuilder;
import io.mmanet.networks.method.TrainingPart;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * MetaKD's training part (spec 7.2): the modality weights w = softmax(theta) and the pairwise
 * distillation {@link MetaKdLoss} between the modality blocks of the fused tensor, output
 * {@link GraphNames#KD_OUT} with weight {@code method.metakd.kd-weight}.
 * <p>theta is the weight row of a bias-free dense layer {@value #THETA} (1 input, M outputs,
 * softmax) fed with a constant 1 ({@value #ONE}), wrapped in {@link FrozenLayer}: the workers'
 * optimizer neither updates nor decays it, and it travels with the graph's parameters (to the
 * workers every epoch, into every checkpoint). Only the driver's meta step ({@link MetaStep})
 * writes it. Zero init: w starts uniform (the authors draw it at random).
 */
public final class ModalityDistillation implements TrainingPart {
    private static final long serialVersionUID = 1L;

    /** The theta layer; its parameter {@code W} is theta, [1, M]. */
    public static final String THETA = "metakd_theta";
    /** Constant-1 input of the theta layer, [N, 1]. */
    public static final String ONE = "metakd_one";

    @Override
    public Map<String, InputType> inputs(NetworkSpec spec) {
        return Map.of(ONE, InputType.feedForward(1));
    }

    @Override
    public List<String> outputs() {
        return List.of(GraphNames.KD_OUT);
    }

    /** The theta layer (unfrozen in the driver's meta graph, which needs its gradient). */
    static DenseLayer thetaLayer(int modalities) {
        return new DenseLayer.Builder().nIn(1).nOut(modalities).hasBias(false).weightInit(WeightInit.ZERO)
                .activation(Activation.SOFTMAX).build();
    }

    /** Height and width of the fused tensor: stem conv /2, max-pool /2, stage 1 /1, stage 2 /2. */
    static int fusedSize(int inputSize) {
        int s = inputSize;
        for (int i = 0; i < 3; i++) {
            s = (s + 1) / 2;
        }
        return s;
    }

    @Override
    public void build(TrainingGraphBuilder g) {
        NetworkSpec spec = g.spec();
        int m = spec.modalities().size();
        int h = fusedSize(spec.inputHeight());
        int w = fusedSize(spec.inputWidth());
        g.graph().addLayer(THETA, new FrozenLayer(thetaLayer(m)), ONE);
        // The blocks twice, as two vertices (not one input listed twice): student role, and teacher
        // role, to which the loss gives no gradient (the authors' detach).
        String student = flatten(g, "kd_student_blocks", h, w);
        String teacher = flatten(g, "kd_teacher_blocks", h, w);
        g.graph().addVertex("kd_in", new MergeVertex(), student, teacher, THETA, GraphNames.MASK);
        long block = (long) (spec.fusedChannels() / m) * h * w;
        MetaKdLoss loss = new MetaKdLoss(MetaKdSettings.of(g.settings()).kdWeight(), m, block);
        g.graph().addLayer(GraphNames.KD_OUT, new LossLayer.Builder(loss).activation(Activation.IDENTITY).build(),
                "kd_in");
    }

    private static String flatten(TrainingGraphBuilder g, String name, int h, int w) {
        g.graph().addVertex(name, new PreprocessorVertex(new CnnToFeedForwardPreProcessor(h, w,
                g.spec().fusedChannels())), g.deployment().fused());
        return name;
    }

    @Override
    public List<INDArray> inputArrays(Minibatch batch) {
        return List.of(batch.ones(1));
    }

    @Override
    public List<INDArray> labels(Minibatch batch) {
        return List.of(batch.ones(1));
    }

    @Override
    public List<INDArray> labelMasks(Minibatch batch) {
        return List.of(batch.ones(1));
    }
}
