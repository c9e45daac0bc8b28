package io.mmanet.prep.modality;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.mmanet.config.ConfigValidationException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code modalities} key (spec decision 1: an ordered list of {name, channels}).
 * Stand-in until dl4j-networks' {@code io.mmanet.networks.combination.Modalities} is on main;
 * then this class should delegate to it.
 */
public final class ConfiguredModalities {

    public static final String KEY = "modalities";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private ConfiguredModalities() {
    }

    public static List<ModalitySpec> fromConfig(Config cfg) {
        List<? extends Config> entries;
        try {
            entries = cfg.getConfigList(KEY);
        } catch (ConfigException e) {
            throw new ConfigValidationException(KEY + ": expected a list of {name, channels}: " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw new ConfigValidationException(KEY + ": at least one modality is needed");
        }
        List<ModalitySpec> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Config e = entries.get(i);
            String where = KEY + "[" + i + "]";
            String name;
            int channels;
            try {
                name = e.getString("name");
                channels = e.getInt("channels");
            } catch (ConfigException ex) {
                throw new ConfigValidationException(where + ": expected {name = ..., channels = 1 or 3}: "
                        + ex.getMessage(), ex);
            }
            if (!NAME.matcher(name).matches()) {
                throw new ConfigValidationException(where + ".name = '" + name
                        + "': use lower-case letters, digits and _ (it becomes a Parquet column name)");
            }
            if (channels != 1 && channels != 3) {
                throw new ConfigValidationException(where + ".channels = " + channels + ": allowed values: 1, 3");
            }
            if (!seen.add(name)) {
                throw new ConfigValidationException(where + ".name = '" + name + "' is listed twice");
            }
            if (name.equals("id") || name.equals("split") || name.equals("label") || name.endsWith("_present")) {
                throw new ConfigValidationException(where + ".name = '" + name + "' clashes with a shard column");
            }
            out.add(new ModalitySpec(name, channels));
        }
        return List.copyOf(out);
    }
}
