package io.mmanet.methods.dmrnet;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigChecks;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Section {@code method.dmrnet}: the KL weight, the hard-combination regularizer's weight, and the
 * hard combinations when they are fixed instead of mined (empty list: mined in warm-up).
 */
public record DmrnetOptions(double klScale, double hcrScale, List<String> hardCombinations) implements Serializable {
    static final String PREFIX = "method.dmrnet.";

    public DmrnetOptions {
        hardCombinations = List.copyOf(hardCombinations);
    }

    public static DmrnetOptions fromConfig(Config c) {
        double kl = ConfigChecks.doubleInRange(c, PREFIX + "kl-scale", 0.0, 1e6);
        double hcr = ConfigChecks.doubleInRange(c, PREFIX + "hcr-scale", 0.0, 1e6);
        List<String> fixed = new ArrayList<>();
        List<String> raw = ConfigChecks.strings(c, PREFIX + "hard-combinations");
        if (!raw.isEmpty()) {
            Modalities modalities = Modalities.fromConfig(c);
            for (String s : raw) {
                try {
                    ModalityCombination combination = ModalityCombination.parse(s.trim().toLowerCase(Locale.ROOT),
                            modalities);
                    if (fixed.contains(combination.toString())) {
                        throw new IllegalArgumentException("listed twice");
                    }
                    fixed.add(combination.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigValidationException(PREFIX + "hard-combinations = " + raw + ": '" + s + "': "
                            + e.getMessage(), e);
                }
            }
        }
        return new DmrnetOptions(kl, hcr, fixed);
    }

    /** True when the hard set is fixed by the config (no mining). */
    public boolean fixed() {
        return !hardCombinations.isEmpty();
    }

    /** The configured hard set. */
    public Set<ModalityCombination> fixedSet(Modalities modalities) {
        Set<ModalityCombination> s = new LinkedHashSet<>();
        for (String h : hardCombinations) {
            s.add(ModalityCombination.parse(h, modalities));
        }
        return s;
    }
}
