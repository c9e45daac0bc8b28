package io.mmanet.methods.mad;

import io.mmanet.methods.parts.Distillation;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.TeacherNeed;
import io.mmanet.networks.method.TrainingPart;

import java.util.List;

import java.util.Set;

/** SF-MD + MAD distillation from the frozen teacher, no regularization network (SF-MAD; spec decision 4). */
public final class MadMethod implements Method {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "mad";
    }

    @Override
    public String summary() {
        return "sf-md + entropy-weighted MAD relation distillation from the full-modality teacher";
    }

    /** Classification and segmentation alike (the task supplies head, losses and relation levels). */
    @Override
    public Set<String> tasks() {
        return Method.CLASSIFICATION_AND_SEGMENTATION;
    }

    @Override
    public String column() {
        return "+MAD";
    }

    @Override
    public TeacherNeed teachers() {
        return TeacherNeed.FULL_MODALITY;
    }

    @Override
    public List<TrainingPart> parts() {
        return List.of(new Distillation(Distillation.Relation.MAD));
    }
}
