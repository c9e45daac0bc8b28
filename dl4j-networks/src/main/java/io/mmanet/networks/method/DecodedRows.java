package io.mmanet.networks.method;

/**
 * Corpus rows decoded on the driver (no augmentation): per row and modality the normalised CHW
 * image, null where the row lacks the modality, and the class index.
 */
public record DecodedRows(float[][][] pixels, int[] labels) {

    public DecodedRows {
        if (pixels.length != labels.length) {
            throw new IllegalArgumentException(pixels.length + " rows of pixels but " + labels.length + " labels");
        }
    }

    public int size() {
        return labels.length;
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive). */
    public DecodedRows slice(int from, int to) {
        return new DecodedRows(java.util.Arrays.copyOfRange(pixels, from, to), java.util.Arrays.copyOfRange(labels, from, to));
    }
}
