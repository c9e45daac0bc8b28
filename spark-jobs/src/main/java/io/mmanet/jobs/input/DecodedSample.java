package io.mmanet.jobs.input;

/**
 * One sample ready for a network: per modality a normalised CHW float array (null when absent);
 * for a segmentation corpus its per-pixel class indices at the network's input size, row-major
 * H*W, warped with the modalities by the same geometric transform (the ignore value where there
 * is no class, including outside the source image); null for classification.
 */
public record DecodedSample(String id, int label, float[][] pixels, int[] labelImage) {

    public DecodedSample(String id, int label, float[][] pixels) {
        this(id, label, pixels, null);
    }

    public boolean present(int modality) {
        return pixels[modality] != null;
    }

    /** Bit m set when modality m is present (the sample's available combination). */
    public int availableBits() {
        int bits = 0;
        for (int m = 0; m < pixels.length; m++) {
            if (pixels[m] != null) {
                bits |= 1 << m;
            }
        }
        return bits;
    }
}
