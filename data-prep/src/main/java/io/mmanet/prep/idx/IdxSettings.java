package io.mmanet.prep.idx;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.mmanet.config.ConfigChecks;
import io.mmanet.config.ConfigValidationException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Typed, checked view of the {@code idx} section. */
public record IdxSettings(String dir, String corpusDir, List<IdxView> views, double valFraction, int limit,
                          List<String> labelNames) {

    public static IdxSettings fromConfig(Config c) {
        List<? extends Config> entries;
        try {
            entries = c.getConfigList("idx.views");
        } catch (ConfigException e) {
            throw new ConfigValidationException("idx.views: expected a list of {name, from-row, to-row}: "
                    + e.getMessage(), e);
        }
        List<IdxView> views = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Config e = entries.get(i);
            String where = "idx.views[" + i + "]";
            String name = ConfigChecks.string(e, "name");
            int from = ConfigChecks.intInRange(e, "from-row", 0, 65_535);
            int to = ConfigChecks.intInRange(e, "to-row", 1, 65_536);
            if (to <= from) {
                throw new ConfigValidationException(where + ": to-row (" + to + ") must be above from-row (" + from + ")");
            }
            if (!name.matches("[a-z][a-z0-9_]*") || !names.add(name)) {
                throw new ConfigValidationException(where + ".name = '" + name
                        + "': use distinct lower-case names (letters, digits, _)");
            }
            views.add(new IdxView(name, from, to));
        }
        if (views.isEmpty()) {
            throw new ConfigValidationException("idx.views: at least one view is needed");
        }
        return new IdxSettings(ConfigChecks.string(c, "idx.dir"), ConfigChecks.string(c, "idx.corpus-dir"),
                List.copyOf(views), ConfigChecks.doubleInRange(c, "idx.val-fraction", 0, 0.99),
                ConfigChecks.intInRange(c, "idx.limit", 0, Integer.MAX_VALUE),
                ConfigChecks.strings(c, "idx.label-names"));
    }
}
