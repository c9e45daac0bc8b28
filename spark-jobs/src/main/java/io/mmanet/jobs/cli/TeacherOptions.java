package io.mmanet.jobs.cli;

import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --teacher} options of {@code train}: at most one plain {@code URI} (the full-modality
 * teacher) and any number of {@code <combination>=URI} (a per-modality method's teachers, e.g.
 * {@code rgb=hdfs://.../teachers/rgb}). A value is named only when the text before its first
 * {@code =} is a combination of the configured modalities, so URIs containing {@code =} stay whole.
 */
record TeacherOptions(String unnamed, Map<String, String> byCombination) {

    static TeacherOptions parse(List<String> values, Modalities mods) {
        String unnamed = null;
        Map<String, String> named = new LinkedHashMap<>();
        for (String v : values == null ? List.<String>of() : values) {
            int eq = v.indexOf('=');
            ModalityCombination c = eq > 0 ? combination(v.substring(0, eq), mods) : null;
            if (c != null) {
                if (named.put(c.toString(), v.substring(eq + 1)) != null) {
                    throw new ConfigValidationException("--teacher " + c + "=... is given twice");
                }
            } else if (unnamed != null) {
                throw new ConfigValidationException("--teacher is given twice without a modality (" + unnamed + ", "
                        + v + "); a per-modality method takes --teacher <modality>=URI for each modality");
            } else {
                unnamed = v;
            }
        }
        return new TeacherOptions(unnamed, named);
    }

    private static ModalityCombination combination(String text, Modalities mods) {
        try {
            return ModalityCombination.parse(text.trim(), mods);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
