package io.mmanet.networks.combination;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A non-empty subset of the configured modalities (spec decision 1), held as a bitmask: bit i set
 * means modality i is present. Printed and parsed as names joined by '+' in modality order
 * ({@code rgb+ir}); {@code full} parses to every modality.
 */
public final class ModalityCombination implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Modalities modalities;
    private final int bits;

    private ModalityCombination(Modalities modalities, int bits) {
        this.modalities = Objects.requireNonNull(modalities, "modalities");
        int all = (1 << modalities.size()) - 1;
        if (bits <= 0 || (bits & ~all) != 0) {
            throw new IllegalArgumentException("combination bits " + Integer.toBinaryString(bits)
                    + " are not a non-empty subset of " + modalities.names());
        }
        this.bits = bits;
    }

    public static ModalityCombination ofBits(int bits, Modalities modalities) {
        return new ModalityCombination(modalities, bits);
    }

    /** The combination of the given modality indices. */
    public static ModalityCombination of(Modalities modalities, int... indices) {
        int bits = 0;
        for (int i : indices) {
            if (i < 0 || i >= modalities.size()) {
                throw new IllegalArgumentException("modality index " + i + " out of range for " + modalities.names());
            }
            bits |= 1 << i;
        }
        return new ModalityCombination(modalities, bits);
    }

    /** The combination whose mask is 1 where {@code mask[i] > 0.5}. */
    public static ModalityCombination fromMask(float[] mask, Modalities modalities) {
        if (mask.length != modalities.size()) {
            throw new IllegalArgumentException("mask length " + mask.length + " != " + modalities.size() + " modalities");
        }
        int bits = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] > 0.5f) {
                bits |= 1 << i;
            }
        }
        return new ModalityCombination(modalities, bits);
    }

    public static ModalityCombination full(Modalities modalities) {
        return new ModalityCombination(modalities, (1 << modalities.size()) - 1);
    }

    /**
     * Every non-empty combination in the canonical order: by size (singles first, full last), and
     * within a size in lexicographic order of the modality indices (rgb, depth, ir gives rgb, depth,
     * ir, rgb+depth, rgb+ir, depth+ir, rgb+depth+ir, the official code's order).
     */
    public static List<ModalityCombination> all(Modalities modalities) {
        List<ModalityCombination> result = new ArrayList<>();
        int all = (1 << modalities.size()) - 1;
        for (int b = 1; b <= all; b++) {
            result.add(new ModalityCombination(modalities, b));
        }
        result.sort(CANONICAL);
        return Collections.unmodifiableList(result);
    }

    /** Canonical order: size, then lexicographic on the sorted index lists. */
    public static final Comparator<ModalityCombination> CANONICAL = (a, b) -> {
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        int[] x = a.indices();
        int[] y = b.indices();
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    };

    /** Parses {@code rgb+ir} (any order, no repeats) or {@code full}. */
    public static ModalityCombination parse(String text, Modalities modalities) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty modality combination; expected e.g. 'rgb+ir' or 'full'");
        }
        String t = text.trim();
        if (t.equals("full")) {
            return full(modalities);
        }
        int bits = 0;
        for (String part : t.split("\\+", -1)) {
            String name = part.trim();
            int i = modalities.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("unknown modality '" + name + "' in combination '" + text
                        + "'; configured modalities: " + modalities.names());
            }
            if ((bits & (1 << i)) != 0) {
                throw new IllegalArgumentException("modality '" + name + "' repeated in combination '" + text + "'");
            }
            bits |= 1 << i;
        }
        return new ModalityCombination(modalities, bits);
    }

    public Modalities modalities() {
        return modalities;
    }

    public int bits() {
        return bits;
    }

    public boolean contains(int modalityIndex) {
        return modalityIndex >= 0 && modalityIndex < modalities.size() && (bits & (1 << modalityIndex)) != 0;
    }

    public int size() {
        return Integer.bitCount(bits);
    }

    public boolean isFull() {
        return bits == (1 << modalities.size()) - 1;
    }

    /** Present modality indices, ascending. */
    public int[] indices() {
        int[] r = new int[size()];
        int k = 0;
        for (int i = 0; i < modalities.size(); i++) {
            if (contains(i)) {
                r[k++] = i;
            }
        }
        return r;
    }

    public boolean isSubsetOf(ModalityCombination other) {
        checkSameModalities(other);
        return (bits & ~other.bits) == 0;
    }

    /** Every non-empty subset (this one included), in canonical order. */
    public List<ModalityCombination> subsets() {
        List<ModalityCombination> result = new ArrayList<>();
        // Standard sub-mask enumeration: every non-empty s with s & ~bits == 0.
        for (int s = bits; s > 0; s = (s - 1) & bits) {
            result.add(new ModalityCombination(modalities, s));
        }
        result.sort(CANONICAL);
        return Collections.unmodifiableList(result);
    }

    /** 0/1 presence mask in modality order. */
    public float[] mask() {
        float[] m = new float[modalities.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = contains(i) ? 1f : 0f;
        }
        return m;
    }

    private void checkSameModalities(ModalityCombination other) {
        if (!modalities.equals(other.modalities)) {
            throw new IllegalArgumentException("combinations over different modality lists: " + modalities.names()
                    + " vs " + other.modalities.names());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModalityCombination c && c.bits == bits && c.modalities.equals(modalities);
    }

    @Override
    public int hashCode() {
        return 31 * modalities.hashCode() + bits;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < modalities.size(); i++) {
            if (contains(i)) {
                if (sb.length() > 0) {
                    sb.append('+');
                }
                sb.append(modalities.get(i).name());
            }
        }
        return sb.toString();
    }
}
