package io.mmanet.networks.combination;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.mmanet.config.ConfigValidationException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The configured, ordered modality list (spec decision 1). The order is the fusion order of the
 * encoder outputs and the column order of every mask array.
 */
public final class Modalities implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Configuration key of the list. */
    public static final String KEY = "modalities";
    /** Combinations are bitmasks in an int; 2^M - 1 combinations are enumerated. */
    public static final int MAX_MODALITIES = 8;

    private final List<Modality> list;

    public Modalities(List<Modality> modalities) {
        if (modalities == null || modalities.size() < 2 || modalities.size() > MAX_MODALITIES) {
            throw new IllegalArgumentException("expected 2 to " + MAX_MODALITIES + " modalities, got "
                    + (modalities == null ? 0 : modalities.size()));
        }
        Set<String> seen = new HashSet<>();
        for (Modality m : modalities) {
            if (!seen.add(m.name())) {
                throw new IllegalArgumentException("modality '" + m.name() + "' is listed twice");
            }
        }
        this.list = List.copyOf(modalities);
    }

    public static Modalities of(Modality... modalities) {
        return new Modalities(List.of(modalities));
    }

    /** rgb (3 channels), depth (1), ir (1): the CASIA-SURF / CeFA layout. */
    public static Modalities rgbDepthIr() {
        return of(new Modality("rgb", 3), new Modality("depth", 1), new Modality("ir", 1));
    }

    /** Reads key {@code modalities}: a list of {@code {name = ..., channels = ...}} objects. */
    public static Modalities fromConfig(Config config) {
        List<? extends Config> entries;
        try {
            entries = config.getConfigList(KEY);
        } catch (ConfigException e) {
            throw new ConfigValidationException(KEY + ": expected a list of {name = ..., channels = ...}: "
                    + e.getMessage(), e);
        }
        List<Modality> result = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Config entry = entries.get(i);
            String where = KEY + "[" + i + "]";
            for (String k : entry.root().keySet()) {
                if (!k.equals("name") && !k.equals("channels")) {
                    throw new ConfigValidationException(where + ": unknown key '" + k
                            + "' (allowed: name, channels)");
                }
            }
            try {
                result.add(new Modality(entry.getString("name"), entry.getInt("channels")));
            } catch (ConfigException | IllegalArgumentException e) {
                throw new ConfigValidationException(where + ": " + e.getMessage(), e);
            }
        }
        try {
            return new Modalities(result);
        } catch (IllegalArgumentException e) {
            throw new ConfigValidationException(KEY + ": " + e.getMessage(), e);
        }
    }

    public int size() {
        return list.size();
    }

    public Modality get(int i) {
        return list.get(i);
    }

    public List<Modality> asList() {
        return Collections.unmodifiableList(list);
    }

    /** Index of the named modality, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Modality m : list) {
            names.add(m.name());
        }
        return names;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Modalities m && m.list.equals(list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
