package io.mmanet.prep.ingest;

/** A row whose images were read: stored pixels per modality, null where the modality is absent. */
public record LoadedSample(SourceRow row, byte[][] pixels) {

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
