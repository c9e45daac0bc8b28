package io.mmanet.methods.sr;

import io.mmanet.methods.parts.Distillation;
import io.mmanet.methods.parts.Regularization;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.TeacherNeed;
import io.mmanet.networks.method.TrainingPart;

import java.util.List;

import java.util.Set;

/**
 * SF-MD + MAD + the regularization network on every single-modality sample: the ablation of MAR,
 * whose regularized set is fixed to the single-modality combinations instead of being mined.
 */
public final class SrMethod implements Method {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "sr";
    }

    @Override
    public String summary() {
        return "mad + regularization network on every single-modality sample (MAR ablation: no mining)";
    }

    /** Classification and segmentation alike (the task supplies head, losses and relation levels). */
    @Override
    public Set<String> tasks() {
        return Method.CLASSIFICATION_AND_SEGMENTATION;
    }

    @Override
    public String column() {
        return "+MAD+SR";
    }

    @Override
    public TeacherNeed teachers() {
        return TeacherNeed.FULL_MODALITY;
    }

    @Override
    public List<TrainingPart> parts() {
        return List.of(new Distillation(Distillation.Relation.MAD),
                new Regularization((drawn, state) -> drawn.size() == 1));
    }
}
