package io.mmanet.jobs.input;

/**
 * Derives independent, reproducible seeds from the run seed (SplitMix64 finaliser), so epoch e of
 * partition p draws the same augmentations and combinations in an uninterrupted and a resumed run.
 */
public final class EpochSeeds {
    private EpochSeeds() {
    }

    public static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = splitMix(h ^ p);
        }
        return h;
    }

    private static long splitMix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
