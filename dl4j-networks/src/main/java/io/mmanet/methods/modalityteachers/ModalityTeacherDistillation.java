package io.mmanet.methods.modalityteachers;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.data.Minibatch;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkBlocks;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TeacherNetwork;
import io.mmanet.networks.graph.TrainingGraphBuilder;
import io.mmanet.networks.method.TrainingPart;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * The frozen per-modality teachers and the soft-target distillation output {@code kd_out}
 * ({@link SoftTargetKdLoss} on the student's and every teacher's logits). Teacher m is the SF
 * network of modality m under prefix {@code t_<modality>_}: only its own encoder runs (the other
 * fusion slots are zeros, as its modality masks made them when it trained), then its trunk and
 * head; frozen (inference-mode batch norm, no updates, no backprop). The student trains on
 * complete rows only, so every teacher always sees its modality. The gate label is always 1:
 * the authors distil from the first step (no warm-up gating).
 */
public final class ModalityTeacherDistillation implements TrainingPart {
    private static final long serialVersionUID = 1L;

    /** Vertex-name prefix of the teacher of {@code modality}. */
    public static String prefix(String modality) {
        return GraphNames.TEACHER_PREFIX + modality + "_";
    }

    @Override
    public List<String> outputs() {
        return List.of(GraphNames.KD_OUT);
    }

    @Override
    public void build(TrainingGraphBuilder g) {
        NetworkSpec spec = g.spec();
        Modalities mods = spec.modalities();
        List<String> kdIn = new ArrayList<>();
        kdIn.add(g.deployment().logits());
        for (int m = 0; m < mods.size(); m++) {
            NetworkBlocks t = new NetworkBlocks(g.graph(), spec, prefix(mods.get(m).name()), g.freezeTeacher());
            String fused = t.singleModalityFusion(m);
            kdIn.add(g.task().head(t, t.trunk(fused, fused, t)));
        }
        TeacherKdSettings kd = g.settings().options(TeacherKdSettings.class);
        SoftTargetKdLoss loss = new SoftTargetKdLoss(kd.alphas(mods.size()), kd.temperature(), spec.numClasses());
        g.graph().addVertex("kd_in", new MergeVertex(), kdIn.toArray(new String[0]));
        g.graph().addLayer(GraphNames.KD_OUT, new LossLayer.Builder(loss).activation(Activation.IDENTITY).build(),
                "kd_in");
    }

    /** {@code teachers} are the trained SF networks of each modality, in modality order. */
    @Override
    public void initialise(ComputationGraph trainingGraph, List<ComputationGraph> teachers) {
        List<String> names = new ArrayList<>();
        trainingGraph.getConfiguration().getNetworkInputs().stream()
                .filter(n -> n.startsWith(GraphNames.INPUT_PREFIX))
                .forEach(n -> names.add(n.substring(GraphNames.INPUT_PREFIX.length())));
        if (teachers.size() != names.size()) {
            throw new IllegalArgumentException("modality-teachers needs one trained teacher per modality " + names
                    + ", got " + teachers.size());
        }
        for (int m = 0; m < names.size(); m++) {
            TeacherNetwork.copyInto(teachers.get(m), trainingGraph, prefix(names.get(m)));
        }
    }

    @Override
    public List<INDArray> labels(Minibatch batch) {
        return List.of(batch.filled(1, 1.0));
    }

    @Override
    public List<INDArray> labelMasks(Minibatch batch) {
        return List.of(batch.ones(1));
    }
}
