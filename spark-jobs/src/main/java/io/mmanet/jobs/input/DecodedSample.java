package io.mmanet.jobs.input;

/**
 * One sample ready for a network: per modality a normalised CHW float array (null when absent).
 */
public record DecodedSample(String id, int label, float[][] pixels) {

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
