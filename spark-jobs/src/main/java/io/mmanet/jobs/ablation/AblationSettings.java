package io.mmanet.jobs.ablation;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.method.TeacherNeed;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Section {@code ablation}: which methods are compared (columns, in order), over which seeds,
 * on which data, and whether each seed's kept checkpoints are diagnosed. Validated before any
 * Spark work.
 */
public record AblationSettings(List<Method> methods, List<Long> seeds, String data, String split, String title,
                               boolean diagnostics) {

    public static AblationSettings fromConfig(Config c) {
        List<Method> methods = new ArrayList<>();
        for (String name : c.getStringList("ablation.methods")) {
            try {
                methods.add(Methods.get(name));
            } catch (IllegalArgumentException e) {
                throw new ConfigValidationException("ablation.methods: " + e.getMessage());
            }
        }
        String task = c.getString("model.task");
        for (Method m : methods) {
            // Fail before the first seed trains anything, not when this method's turn comes.
            if (!m.tasks().contains(task)) {
                throw new ConfigValidationException("ablation.methods: " + m.name() + " does not support model.task = "
                        + task + " (its tasks: " + String.join(", ", m.tasks()) + "; see 'mmanet methods')");
            }
        }
        if (methods.isEmpty() || new LinkedHashSet<>(methods).size() != methods.size()) {
            throw new ConfigValidationException("ablation.methods must list at least one method, each once; got "
                    + c.getStringList("ablation.methods"));
        }
        List<Long> seeds = new ArrayList<>();
        try {
            seeds.addAll(c.getLongList("ablation.seeds"));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigValidationException("ablation.seeds: expected a list of integers: " + e.getMessage(), e);
        }
        if (seeds.isEmpty() || new LinkedHashSet<>(seeds).size() != seeds.size()) {
            throw new ConfigValidationException("ablation.seeds must list at least one seed, each once; got " + seeds);
        }
        String split = c.getString("ablation.split");
        if (split.isBlank()) {
            throw new ConfigValidationException("ablation.split must name a split of the prepared data, e.g. test");
        }
        boolean diagnostics;
        try {
            diagnostics = c.getBoolean("ablation.diagnostics");
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigValidationException("ablation.diagnostics: expected true or false: " + e.getMessage(), e);
        }
        return new AblationSettings(List.copyOf(methods), List.copyOf(seeds), c.getString("ablation.data").trim(),
                split, c.getString("ablation.title"), diagnostics);
    }

    /** True when some method distils from the full-modality teacher, which is then trained once per seed. */
    public boolean needsTeacher() {
        return methods.stream().anyMatch(m -> m.teachers() == TeacherNeed.FULL_MODALITY);
    }

    /** The column heading of a method, in the paper's words (Tables 2 and 6). */
    public static String column(Method m) {
        return m.column();
    }
}
