package io.mmanet.methods.sfmd;

import io.mmanet.networks.method.Method;

import java.util.Set;

/**
 * SF-MD (spec decision 2): the deployment network with per-sample modality dropout (each row draws
 * uniformly among the non-empty subsets of what it has), cross-entropy only.
 */
public final class SfMdMethod implements Method {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "sf-md";
    }

    @Override
    public String summary() {
        return "one network for every combination: per-sample modality dropout, cross-entropy";
    }

    /** Classification and segmentation alike (the task supplies head, losses and relation levels). */
    @Override
    public Set<String> tasks() {
        return Method.CLASSIFICATION_AND_SEGMENTATION;
    }

    @Override
    public String column() {
        return "SF-MD";
    }
}
