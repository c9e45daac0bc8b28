package io.mmanet.jobs.spark;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigValidationException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;

import java.util.Map;
import java.util.Optional;

/**
 * Refuses, before any work, URIs that executors on other hosts cannot see: a {@code file:} run
 * directory, data or output with a non-local master. Executors write the epoch's batch files and
 * checkpoints' inputs under the run directory and read the shards themselves, so on a multi-host
 * cluster each would read and write its own disk (missing files, lost exports). One host or a
 * shared mount is fine: the user says so with {@code spark.shared-local-fs = true}.
 */
public final class SharedStorage {
    static final String KEY = "spark.shared-local-fs";

    private SharedStorage() {
    }

    /**
     * Checks every (option, URI) pair against the master the job will run on; null URIs are skipped.
     * Called before the SparkSession exists, so a refused URI costs no executors: the master and the
     * Hadoop configuration come from the same SparkConf the session will be built from.
     */
    public static void require(Config cfg, Map<String, String> urisByOption) {
        SparkConf conf = SparkSessions.sparkConf(cfg);
        String master = conf.get("spark.master");
        boolean shared = cfg.getBoolean(KEY);
        Configuration hadoop = SparkHadoopUtil.get().newConfiguration(conf);
        for (Map.Entry<String, String> e : urisByOption.entrySet()) {
            if (e.getValue() != null) {
                problem(master, shared, e.getKey(), e.getValue(), hadoop).ifPresent(msg -> {
                    throw new ConfigValidationException(msg);
                });
            }
        }
    }

    /** An ordered, mutable (option, URI) map from alternating arguments. */
    public static Map<String, String> options(String... optionThenUri) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < optionThenUri.length; i += 2) {
            m.put(optionThenUri[i], optionThenUri[i + 1]);
        }
        return m;
    }

    /** The reason {@code uri} cannot be used with {@code master}, if there is one. */
    static Optional<String> problem(String master, boolean sharedLocalFs, String option, String uri,
                                    Configuration hadoop) {
        if (sharedLocalFs || isLocal(master)) {
            return Optional.empty();
        }
        // The scheme alone (no FileSystem is instantiated: no connection to a name node here).
        String scheme = new Path(uri).toUri().getScheme();
        if (scheme == null) {
            scheme = FileSystem.getDefaultUri(hadoop).getScheme();
        }
        if (!"file".equals(scheme)) {
            return Optional.empty();
        }
        return Optional.of(option + " " + uri + " is on the driver's local file system, but master " + master
                + " may run executors on other hosts, which cannot see it. Use a file system every host shares:"
                + " hdfs://..., s3a://... (hadoop.conf for credentials), or a shared mount; if file: paths are the"
                + " same on every executor (one host, NFS), set " + KEY + " = true.");
    }

    /** local, local[N], local[N,F], local[*] and local-cluster[...]: every JVM on this host. */
    static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[") || master.startsWith("local-cluster[");
    }
}
