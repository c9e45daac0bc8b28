package io.mmanet.jobs.input;

import java.util.List;

/** The per-pixel labels of a minibatch of segmentation samples, for the task's label array. */
public final class PixelLabels {

    private PixelLabels() {
    }

    /**
     * @return the samples' label images one after the other: [N * H * W], sample n's pixel (y, x)
     *         at {@code (n * H + y) * W + x} (class index, or the corpus' ignore value)
     * @throws IllegalArgumentException when a sample has no label image or the sizes differ
     */
    public static int[] of(List<DecodedSample> samples) {
        if (samples.isEmpty()) {
            return new int[0];
        }
        int plane = -1;
        for (DecodedSample s : samples) {
            if (s.labelImage() == null) {
                throw new IllegalArgumentException("sample " + s.id() + " has no label image (not a segmentation corpus?)");
            }
            if (plane >= 0 && s.labelImage().length != plane) {
                throw new IllegalArgumentException("sample " + s.id() + " has " + s.labelImage().length
                        + " label pixels, the batch's first sample " + plane);
            }
            plane = s.labelImage().length;
        }
        int[] out = new int[samples.size() * plane];
        for (int n = 0; n < samples.size(); n++) {
            System.arraycopy(samples.get(n).labelImage(), 0, out, n * plane, plane);
        }
        return out;
    }
}
