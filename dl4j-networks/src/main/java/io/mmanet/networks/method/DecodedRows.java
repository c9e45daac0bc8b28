package io.mmanet.networks.method;

import java.util.Arrays;

/**
 * Corpus rows decoded on the driver (no augmentation): per row and modality the normalised CHW
 * image, null where the row lacks the modality, and the row's labels as the task reads them
 * ({@code Task.labelsPerSample}): {@code labelsPerSample} values per row one row after the other,
 * i.e. the class index (1 per row) or the label image (H*W per row, row-major), so
 * {@code Task.labels(labels, spec)} builds the label array of any slice.
 */
public record DecodedRows(float[][][] pixels, int[] labels, int labelsPerSample) {

    public DecodedRows {
        if (labelsPerSample < 1) {
            throw new IllegalArgumentException("labelsPerSample must be positive, got " + labelsPerSample);
        }
        if ((long) pixels.length * labelsPerSample != labels.length) {
            throw new IllegalArgumentException(pixels.length + " rows of pixels with " + labelsPerSample
                    + " labels each, but " + labels.length + " labels");
        }
    }

    /** Rows with one class each (classification). */
    public DecodedRows(float[][][] pixels, int[] labels) {
        this(pixels, labels, 1);
    }

    public int size() {
        return pixels.length;
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive). */
    public DecodedRows slice(int from, int to) {
        return new DecodedRows(Arrays.copyOfRange(pixels, from, to),
                Arrays.copyOfRange(labels, from * labelsPerSample, to * labelsPerSample), labelsPerSample);
    }
}
