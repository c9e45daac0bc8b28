package io.mmanet.methods.parts;

import io.mmanet.networks.data.Minibatch;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TeacherNetwork;
import io.mmanet.networks.graph.TrainingGraphBuilder;
import io.mmanet.networks.method.TrainingPart;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Relation distillation from the frozen full-modality {@link TeacherNetwork} (spec decisions 3, 4):
 * the teacher fed with every modality the sample has (input {@code teacher_mask}), and output
 * {@code kd_out} with the MAD loss (entropy weights from the teacher's logits) or the unweighted SP
 * loss, weight lambda-MAD, on what the task compares ({@code Task.relationInput}: stage-4 features
 * per sample for classification, per-pixel features of three levels for segmentation). Its label
 * is an [N, 1] gate: 0 during warm-up, 1 after (spec decision 7).
 */
public final class Distillation implements TrainingPart {
    private static final long serialVersionUID = 1L;

    /** Which relation loss. */
    public enum Relation { MAD, SP }

    private final Relation relation;

    public Distillation(Relation relation) {
        this.relation = relation;
    }

    @Override
    public Map<String, InputType> inputs(NetworkSpec spec) {
        Map<String, InputType> in = new LinkedHashMap<>();
        in.put(GraphNames.TEACHER_MASK, InputType.feedForward(spec.modalities().size()));
        return in;
    }

    @Override
    public List<String> outputs() {
        return List.of(GraphNames.KD_OUT);
    }

    @Override
    public void build(TrainingGraphBuilder g) {
        TeacherNetwork t = TeacherNetwork.add(g);
        boolean mad = relation == Relation.MAD;
        String kdIn = g.task().relationInput(g, t, mad);
        ILossFunction kd = g.task().relationLoss(g.spec(), g.settings().lambdaMad(), mad);
        g.graph().addLayer(GraphNames.KD_OUT, new LossLayer.Builder(kd).activation(Activation.IDENTITY).build(), kdIn);
    }

    @Override
    public void initialise(ComputationGraph trainingGraph, List<ComputationGraph> teachers) {
        TeacherNetwork.copyInto(teachers.get(0), trainingGraph);
    }

    @Override
    public List<INDArray> inputArrays(Minibatch batch) {
        return List.of(batch.availabilityMask());
    }

    @Override
    public List<INDArray> labels(Minibatch batch) {
        return List.of(batch.filled(1, batch.state().afterWarmup() ? 1.0 : 0.0));
    }

    @Override
    public List<INDArray> labelMasks(Minibatch batch) {
        return List.of(batch.ones(1));
    }
}
