package io.mmanet.methods.sf;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.method.Method;

import java.util.Random;

import java.util.Set;

/**
 * SF (spec 1.2, 5): one customised network per fixed combination, cross-entropy only. Every row
 * uses the run's combination; rows that lack one of its modalities cannot train it and are
 * skipped. On the full combination this is the teacher.
 */
public final class SfMethod implements Method {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "sf";
    }

    @Override
    public String summary() {
        return "one network per fixed combination (the teacher on full), cross-entropy; trains on rows that have it";
    }

    /** Classification and segmentation alike (the task supplies head, losses and relation levels). */
    @Override
    public Set<String> tasks() {
        return Method.CLASSIFICATION_AND_SEGMENTATION;
    }

    @Override
    public String column() {
        return "SF";
    }

    @Override
    public boolean trainsOneCombination() {
        return true;
    }

    @Override
    public boolean canTrain(ModalityCombination has, ModalityCombination fixed) {
        return fixed.isSubsetOf(has);
    }

    @Override
    public ModalityCombination draw(ModalityCombination has, ModalityCombination fixed, Random random) {
        return fixed;
    }
}
