package io.mmanet.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads the effective configuration: every module's {@code reference.conf} (documented defaults),
 * then the user's {@code --conf} file, then {@code -Dkey=value} system properties, then
 * {@code --set key=value} overrides, in that order of precedence (last wins).
 *
 * <p>Validation happens here, before any Spark work: unknown keys and wrongly typed values fail
 * with a message that names the key. Value ranges and allowed values are checked by the typed
 * settings classes of each module through {@link ConfigChecks}.
 */
public final class MmanetConfig {

    /** Sections whose keys are free-form (passed through to Spark, Hadoop, ...). */
    public static final String OPEN_SECTIONS_KEY = "mmanet.open-sections";

    private MmanetConfig() {
    }

    /**
     * Reference defaults only: every module's reference.conf on the classpath, merged. Not
     * ConfigFactory.defaultReference(), which already folds in system properties and would
     * make a -Dkey=banana look like the documented type.
     */
    public static Config reference() {
        return ConfigFactory.parseResources(MmanetConfig.class.getClassLoader(), "reference.conf").resolve();
    }

    /**
     * @param confFile  optional user config file (HOCON); may include other files
     * @param overrides {@code key=value} pairs from {@code --set}; values are parsed as HOCON
     *                  values, so {@code 5}, {@code true}, {@code [rgb, ir]} and strings all work
     */
    public static Config load(Path confFile, List<String> overrides) {
        Config reference = reference();
        Config user = ConfigFactory.empty();
        if (confFile != null) {
            if (!Files.isRegularFile(confFile)) {
                throw new ConfigValidationException("--conf " + confFile + ": no such file");
            }
            try {
                user = ConfigFactory.parseFile(confFile.toFile(),
                        ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF));
            } catch (ConfigException e) {
                throw new ConfigValidationException("cannot parse " + confFile + ": " + e.getMessage(), e);
            }
        }
        Config sysProps = systemPropertyOverrides(reference);
        Config sets = parseOverrides(overrides);
        Config userLayers = sets.withFallback(sysProps).withFallback(user);
        checkUnknownKeys(userLayers, reference);
        Config merged;
        try {
            merged = userLayers.withFallback(reference).resolve();
            merged.checkValid(reference);
        } catch (ConfigException e) {
            throw new ConfigValidationException(e.getMessage(), e);
        }
        checkValueTypes(userLayers, merged, reference);
        return merged;
    }

    /** {@code -Dkey=value} system properties whose key names a reference section. */
    private static Config systemPropertyOverrides(Config reference) {
        Map<String, String> picked = new LinkedHashMap<>();
        Set<String> roots = reference.root().keySet();
        for (String name : System.getProperties().stringPropertyNames()) {
            int dot = name.indexOf('.');
            String root = dot < 0 ? name : name.substring(0, dot);
            if (!roots.contains(root) || root.equals("mmanet") || isJvmNamespace(root)) {
                continue;
            }
            // spark-submit turns every Spark property (spark.jars, spark.app.name, ...) into a
            // system property of the driver: those are Spark's, read by SparkConf, not overrides.
            if (root.equals("spark") && !reference.hasPath(name)) {
                continue;
            }
            picked.put(name, System.getProperty(name));
        }
        List<String> pairs = new ArrayList<>();
        picked.forEach((k, v) -> pairs.add(k + "=" + v));
        return parseOverrides(pairs);
    }

    private static boolean isJvmNamespace(String root) {
        return root.equals("java") || root.equals("sun") || root.equals("jdk") || root.equals("user")
                || root.equals("os") || root.equals("file") || root.equals("line") || root.equals("path")
                || root.equals("org") || root.equals("log4j2");
    }

    static Config parseOverrides(List<String> overrides) {
        Config result = ConfigFactory.empty();
        if (overrides == null) {
            return result;
        }
        for (String pair : overrides) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigValidationException("--set " + pair + ": expected key=value");
            }
            String key = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            Config one;
            try {
                if (looksLikeUnquotedUrl(value)) {
                    // HOCON would read "//" (k8s://host) or "#" as the start of a comment.
                    throw new ConfigException.Generic("unquoted value with a comment marker");
                }
                one = ConfigFactory.parseString(key + " = " + value);
            } catch (ConfigException e) {
                // Not valid HOCON as written: take it as a plain string.
                try {
                    one = ConfigFactory.parseMap(Map.of(key, value));
                } catch (ConfigException e2) {
                    throw new ConfigValidationException("--set " + pair + ": " + e.getMessage(), e);
                }
            }
            result = one.withFallback(result);
        }
        return result;
    }

    private static boolean looksLikeUnquotedUrl(String value) {
        return !(value.startsWith("\"") || value.startsWith("[") || value.startsWith("{"))
                && (value.contains("//") || value.contains("#"));
    }

    private static void checkUnknownKeys(Config user, Config reference) {
        Set<String> open = new TreeSet<>(reference.hasPath(OPEN_SECTIONS_KEY)
                ? reference.getStringList(OPEN_SECTIONS_KEY) : List.of());
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String key = e.getKey();
            if (reference.hasPathOrNull(key) || underOpenSection(key, open)) {
                continue;
            }
            unknown.add(key);
        }
        if (!unknown.isEmpty()) {
            StringBuilder msg = new StringBuilder();
            for (String key : unknown) {
                msg.append("unknown configuration key '").append(key).append('\'');
                String hint = nearestKey(key, reference);
                if (hint != null) {
                    msg.append(" (did you mean '").append(hint).append("'?)");
                }
                msg.append("; ");
            }
            msg.append("see conf/README.md or `mmanet config` for the documented keys");
            throw new ConfigValidationException(msg.toString());
        }
    }

    /**
     * checkValid() accepts a string wherever the reference has a number or boolean (it could be
     * converted), so convert every user-set value here and name the key when that fails.
     */
    private static void checkValueTypes(Config user, Config merged, Config reference) {
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String key = e.getKey();
            if (!reference.hasPath(key)) {
                continue;
            }
            ConfigValueType expected = reference.getValue(key).valueType();
            try {
                switch (expected) {
                    case NUMBER -> merged.getNumber(key);
                    case BOOLEAN -> merged.getBoolean(key);
                    default -> { }
                }
            } catch (ConfigException ex) {
                String given = merged.getValue(key).unwrapped().toString();
                throw new ConfigValidationException(key + " = '" + given + "': expected a "
                        + expected.name().toLowerCase(java.util.Locale.ROOT) + " (default "
                        + reference.getValue(key).render() + ")");
            }
        }
    }

    private static boolean underOpenSection(String key, Set<String> open) {
        for (String section : open) {
            if (key.startsWith(section + ".")) {
                return true;
            }
        }
        return false;
    }

    private static String nearestKey(String key, Config reference) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
            int d = levenshtein(key, e.getKey());
            if (d < bestDistance) {
                bestDistance = d;
                best = e.getKey();
            }
        }
        return bestDistance <= Math.max(2, key.length() / 4) ? best : null;
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The resolved configuration as HOCON, for {@code mmanet config} and for run directories. */
    public static String render(Config config) {
        return config.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    }

    /** The resolved configuration as JSON (stored in manifests and model cards). */
    public static String renderJson(Config config) {
        return config.root().render(ConfigRenderOptions.concise().setFormatted(true));
    }
}
