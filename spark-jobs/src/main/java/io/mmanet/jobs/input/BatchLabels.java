package io.mmanet.jobs.input;

import io.mmanet.networks.graph.NetworkSpec;

import java.util.List;

/**
 * The flat label array of a minibatch as the task reads it ({@code Task.labelsPerSample}): one
 * class per sample, or the samples' label images one after the other when the task has a label
 * per pixel. Training batches and the counting passes (evaluation, MAR mining) take labels here,
 * so both see the same labels.
 */
public final class BatchLabels {

    private BatchLabels() {
    }

    /** True when {@code spec}'s task reads several labels per sample (segmentation: H*W). */
    public static boolean perPixel(NetworkSpec spec) {
        return spec.task().labelsPerSample(spec) > 1;
    }

    /** The samples' labels: their label images when {@code perPixel} ({@link PixelLabels}), else their classes. */
    public static int[] of(List<DecodedSample> samples, boolean perPixel) {
        if (perPixel) {
            return PixelLabels.of(samples);
        }
        int[] labels = new int[samples.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = samples.get(i).label();
        }
        return labels;
    }
}
