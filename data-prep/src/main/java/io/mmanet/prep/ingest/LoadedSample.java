package io.mmanet.prep.ingest;

/**
 * A row whose images were read: stored pixels per modality, null where the modality is absent,
 * and for a segmentation row its label image (uint8 class indices or the ignore value, row-major
 * H*W at the stored size; null for classification).
 */
public record LoadedSample(SourceRow row, byte[][] pixels, byte[] labelImage) {

    public LoadedSample(SourceRow row, byte[][] pixels) {
        this(row, pixels, null);
    }

    public boolean present(int m) {
        return pixels[m] != null;
    }

    /** True when at least one modality is absent (a naturally incomplete sample). */
    public boolean incomplete() {
        for (byte[] p : pixels) {
            if (p == null) {
                return true;
            }
        }
        return false;
    }
}
