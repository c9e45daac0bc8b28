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
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * The frozen per-modality teachers and the soft-target distillation output {@code kd_out}
 * ({@link SoftTargetKdLoss} on the student's and every teacher's logits; for segmentation per
 * pixel, on a {@code CnnLossLayer}, averaged over each sample's labelled pixels). Teacher m is the SF
 * network of modality m under prefix {@code t_<modality>_}: only its own encoder runs (the other
 * fusion slots are zeros, as its modality masks made them when it trained), then its trunk and
 * head; frozen (inference-mode batch norm, no updates, no backprop). The student trains on
 * complete rows only, so every teacher always sees its modality. The gate label is always 1 (0 on
 * ignored pixels): the authors distil from the first step (no warm-up gating).
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
        int pixels = g.task().labelsPerSample(spec);
        SoftTargetKdLoss loss = new SoftTargetKdLoss(kd.alphas(mods.size()), kd.temperature(), spec.numClasses(),
                pixels);
        // Logits [N, C] (or [N, C, H, W] per pixel) of the student and each teacher, concatenated on the class axis.
        g.graph().addVertex("kd_in", new MergeVertex(), kdIn.toArray(new String[0]));
        g.graph().addLayer(GraphNames.KD_OUT, pixels == 1
                ? new LossLayer.Builder(loss).activation(Activation.IDENTITY).build()
                : new CnnLossLayer.Builder(loss).activation(Activation.IDENTITY).build(), "kd_in");
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

    /**
     * The gate: [N, 1] of ones for classification; per pixel, 1 where the pixel has a class and 0
     * on the ignore label, repeated over the {@code kd_in} channels ({@code CnnLossLayer} wants
     * labels shaped like its input).
     */
    @Override
    public List<INDArray> labels(Minibatch batch) {
        if (batch.task().labelsPerSample(batch.spec()) == 1) {
            return List.of(batch.filled(1, 1.0));
        }
        INDArray labelled = batch.taskLabels().sum(true, 1); // one-hot: 1 on a class, 0 on the ignore label
        return List.of(labelled.repeat(1, kdChannels(batch.spec())));
    }

    /** Ones shaped like the labels (a mask shaped like its labels survives dl4j-spark's merge). */
    @Override
    public List<INDArray> labelMasks(Minibatch batch) {
        if (batch.task().labelsPerSample(batch.spec()) == 1) {
            return List.of(batch.ones(1));
        }
        NetworkSpec spec = batch.spec();
        return List.of(Nd4j.ones(spec.dataType(), batch.size(), kdChannels(spec), spec.inputHeight(), spec.inputWidth()));
    }

    /** Channels of {@code kd_in}: the student's and every teacher's logits. */
    private static long kdChannels(NetworkSpec spec) {
        return (long) (spec.modalities().size() + 1) * spec.numClasses();
    }
}
