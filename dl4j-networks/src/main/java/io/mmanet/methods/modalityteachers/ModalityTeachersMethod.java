package io.mmanet.methods.modalityteachers;

import com.typesafe.config.Config;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.TeacherNeed;
import io.mmanet.networks.method.TrainingPart;

import java.util.List;
import java.util.Set;

/**
 * Wang et al., KDD 2020 (spec 7.3): one SF teacher per modality, each trained on every row that
 * has its modality, so the incomplete rows help through the teachers; the deployment network (the
 * student) trains on the complete rows only, with per-sample modality dropout (spec decision 2,
 * so one model serves every combination like the other methods) and
 * CE + sum_m alpha_m T^2 KL(softmax(teacher_m / T) || softmax(student / T)).
 */
public final class ModalityTeachersMethod implements Method {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "modality-teachers";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "sf-md on complete rows + soft-target KD from one teacher per modality (trained on every row that has it)";
    }

    @Override
    public String column() {
        return "Modality-teachers";
    }

    /** Segmentation: the same KL per pixel, averaged over each sample's labelled pixels ({@link SoftTargetKdLoss}). */
    @Override
    public Set<String> tasks() {
        return Method.CLASSIFICATION_AND_SEGMENTATION;
    }

    @Override
    public TeacherNeed teachers() {
        return TeacherNeed.PER_MODALITY;
    }

    /** The student learns from complete rows only (the authors' code); incomplete rows train the teachers. */
    @Override
    public boolean canTrain(ModalityCombination has, ModalityCombination fixed) {
        return has.equals(ModalityCombination.full(has.modalities()));
    }

    @Override
    public List<TrainingPart> parts() {
        return List.of(new ModalityTeacherDistillation());
    }

    /** {@code method.modality-teachers.*}: the teachers' KL weights and the temperature. */
    @Override
    public TeacherKdSettings options(Config config) {
        return TeacherKdSettings.fromConfig(config, Modalities.fromConfig(config).size());
    }
}
