package io.mmanet.jobs.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.mmanet.compat.NioPermissionLocalFileSystem;
import io.mmanet.jobs.logging.ExecutorLoggingPlugin;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * The one place a SparkSession is made. Under spark-submit the master and the submit-time
 * properties win; otherwise {@code spark.master} of the configuration (default local[*]).
 * Kryo with registration required is our default (no arbitrary classes deserialized).
 */
public final class SparkSessions {

    private SparkSessions() {
    }

    public static SparkConf sparkConf(Config c) {
        SparkConf conf = new SparkConf(); // picks up spark.* system properties set by spark-submit
        if (!conf.contains("spark.master")) {
            conf.setMaster(c.getString("spark.master"));
        }
        conf.setIfMissing("spark.app.name", c.getString("spark.app-name"));
        conf.set("spark.serializer", KryoSerializer.class.getName());
        conf.set("spark.kryo.registrator", MmanetKryoRegistrator.class.getName());
        conf.set("spark.kryo.registrationRequired", Boolean.toString(c.getBoolean("spark.kryo-registration-required")));
        conf.setIfMissing("spark.kryoserializer.buffer.max", "1g");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS",
                System.getenv().getOrDefault("OMP_NUM_THREADS", "1"));
        for (Map.Entry<String, ConfigValue> e : c.getConfig("spark.conf").entrySet()) {
            conf.set(unquote(e.getKey()), String.valueOf(e.getValue().unwrapped()));
        }
        ExecutorHelpers.propagate(conf);
        addPlugin(conf, ExecutorLoggingPlugin.class.getName());
        // Local files without a chmod process per file (compat); hadoop.conf."fs.file.impl" overrides it.
        conf.setIfMissing("spark.hadoop.fs.file.impl", NioPermissionLocalFileSystem.class.getName());
        for (Map.Entry<String, ConfigValue> e : c.getConfig("hadoop.conf").entrySet()) {
            conf.set("spark.hadoop." + unquote(e.getKey()), String.valueOf(e.getValue().unwrapped()));
        }
        return conf;
    }

    /** Appends a plugin to {@code spark.plugins}, keeping the ones the user configured. */
    static void addPlugin(SparkConf conf, String plugin) {
        String existing = conf.get("spark.plugins", "").trim();
        if (!java.util.Arrays.asList(existing.split("\\s*,\\s*")).contains(plugin)) {
            conf.set("spark.plugins", existing.isEmpty() ? plugin : existing + "," + plugin);
        }
    }

    public static SparkSession getOrCreate(Config c) {
        return SparkSession.builder().config(sparkConf(c)).getOrCreate();
    }

    private static String unquote(String key) {
        return key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
    }
}
