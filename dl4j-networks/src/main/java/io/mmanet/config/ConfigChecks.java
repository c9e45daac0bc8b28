package io.mmanet.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Value checks used by the typed settings classes. Every failure names the key and what is
 * allowed, so a user can fix the configuration without reading code.
 */
public final class ConfigChecks {

    private ConfigChecks() {
    }

    public static String oneOf(Config c, String key, Collection<String> allowed) {
        String v = string(c, key);
        if (!allowed.contains(v)) {
            throw new ConfigValidationException(key + " = '" + v + "' is not allowed; allowed values: "
                    + String.join(", ", allowed));
        }
        return v;
    }

    public static <E extends Enum<E>> E enumValue(Config c, String key, Class<E> type) {
        String v = string(c, key);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.replace('-', '_'))) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (allowed.length() > 0) {
                allowed.append(", ");
            }
            allowed.append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new ConfigValidationException(key + " = '" + v + "' is not allowed; allowed values: " + allowed);
    }

    public static int intInRange(Config c, String key, int min, int max) {
        int v;
        try {
            v = c.getInt(key);
        } catch (ConfigException e) {
            throw new ConfigValidationException(key + ": expected an integer in [" + min + ", " + max + "]: "
                    + e.getMessage(), e);
        }
        if (v < min || v > max) {
            throw new ConfigValidationException(key + " = " + v + " is out of range; allowed: [" + min + ", "
                    + max + "]");
        }
        return v;
    }

    public static long longInRange(Config c, String key, long min, long max) {
        long v;
        try {
            v = c.getLong(key);
        } catch (ConfigException e) {
            throw new ConfigValidationException(key + ": expected an integer: " + e.getMessage(), e);
        }
        if (v < min || v > max) {
            throw new ConfigValidationException(key + " = " + v + " is out of range; allowed: [" + min + ", "
                    + max + "]");
        }
        return v;
    }

    public static double doubleInRange(Config c, String key, double min, double max) {
        double v;
        try {
            v = c.getDouble(key);
        } catch (ConfigException e) {
            throw new ConfigValidationException(key + ": expected a number in [" + min + ", " + max + "]: "
                    + e.getMessage(), e);
        }
        if (!(v >= min && v <= max)) {
            throw new ConfigValidationException(key + " = " + v + " is out of range; allowed: [" + min + ", "
                    + max + "]");
        }
        return v;
    }

    public static String string(Config c, String key) {
        try {
            return c.getString(key);
        } catch (ConfigException e) {
            throw new ConfigValidationException(key + ": " + e.getMessage(), e);
        }
    }

    public static List<String> strings(Config c, String key) {
        try {
            return c.getStringList(key);
        } catch (ConfigException e) {
            throw new ConfigValidationException(key + ": expected a list of strings: " + e.getMessage(), e);
        }
    }

    public static boolean bool(Config c, String key) {
        try {
            return c.getBoolean(key);
        } catch (ConfigException e) {
            throw new ConfigValidationException(key + ": expected true or false: " + e.getMessage(), e);
        }
    }
}
