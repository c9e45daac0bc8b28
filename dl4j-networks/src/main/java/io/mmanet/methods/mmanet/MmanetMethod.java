package io.mmanet.methods.mmanet;

import io.mmanet.config.ConfigValidationException;
import io.mmanet.methods.parts.Distillation;
import io.mmanet.methods.parts.PublishedSet;
import io.mmanet.methods.parts.Regularization;
import io.mmanet.networks.method.EpochHook;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.TeacherNeed;
import io.mmanet.networks.method.TrainingPart;

import java.util.List;

import java.util.Set;

/**
 * MMANet (CVPR 2023): SF-MD + MAD + MAR. The regularization network trains on the weak set W
 * that {@link MarMining} mines on the driver during warm-up and broadcasts (spec decisions 5-7).
 */
public final class MmanetMethod implements Method {
    private static final long serialVersionUID = 1L;
    /** The set MarMining publishes, named in errors and result tables. */
    static final String WEAK_SET = "MMANet's mined weak set W";

    @Override
    public String name() {
        return "mmanet";
    }

    @Override
    public String summary() {
        return "sf-md + MAD distillation + MAR: regularization network on the weak combinations mined in warm-up";
    }

    /** Classification and segmentation alike (the task supplies head, losses and relation levels). */
    @Override
    public Set<String> tasks() {
        return Method.CLASSIFICATION_AND_SEGMENTATION;
    }

    @Override
    public String column() {
        return "MMANet (+MAD+MAR)";
    }

    @Override
    public TeacherNeed teachers() {
        return TeacherNeed.FULL_MODALITY;
    }

    @Override
    public List<TrainingPart> parts() {
        return List.of(new Distillation(Distillation.Relation.MAD), new Regularization(new PublishedSet(WEAK_SET)));
    }

    @Override
    public String publishedSetName() {
        return WEAK_SET;
    }

    @Override
    public List<EpochHook> epochHooks() {
        return List.of(new MarMining());
    }

    @Override
    public void validate(MethodSettings settings) {
        if (settings.miningEpochs().length == 0) {
            throw new ConfigValidationException("method.mining-epochs is empty but method.name = " + name()
                    + " mines the weak combination during warm-up; give at least one epoch");
        }
    }
}
