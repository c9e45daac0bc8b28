package io.mmanet.jobs.deploy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.spark.SparkSessions;
import org.apache.spark.SparkConf;
import scala.Tuple2;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the layered configuration of a submission (cluster profiles, then the job's config, then
 * {@code --set}) into the spark-submit properties, for {@code deploy/submit.sh}.
 *
 * <p>The properties are exactly the SparkConf that {@link SparkSessions#sparkConf} would build from
 * the same configuration (Kryo, registrator, {@code spark.conf}, {@code hadoop.conf}), so a profile's
 * Spark settings have one source of truth whether they are applied at submit time or in-process.
 * The job's own configuration is written to a self-contained file with {@code spark.conf} emptied:
 * those properties travel on the spark-submit command line, and the driver must not set them again
 * (it would drop what submit.sh added, such as the --add-opens list).
 */
public final class SubmitProfile {

    private SubmitProfile() {
    }

    /** The layered configuration: later files win over earlier ones, {@code sets} win over all. */
    public static Config load(List<Path> files, List<String> sets) {
        if (files.isEmpty()) {
            return MmanetConfig.load(null, sets);
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new ConfigValidationException("configuration file " + f + ": no such file");
            }
        }
        try {
            Path layered = Files.createTempFile("mmanet-layers-", ".conf");
            try {
                StringBuilder includes = new StringBuilder();
                for (Path f : files) {
                    includes.append("include required(file(")
                            .append(ConfigValueFactory.fromAnyRef(f.toAbsolutePath().toString()).render())
                            .append("))\n");
                }
                Files.writeString(layered, includes, StandardCharsets.UTF_8);
                return MmanetConfig.load(layered, sets);
            } finally {
                Files.deleteIfExists(layered);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** spark.master first, then spark.submit.deployMode, then every other property by name. */
    public static Map<String, String> submitProperties(Config config) {
        SparkConf conf = SparkSessions.sparkConf(config);
        List<Tuple2<String, String>> all = new ArrayList<>(List.of(conf.getAll()));
        all.sort(Comparator.comparing((Tuple2<String, String> t) -> rank(t._1())).thenComparing(Tuple2::_1));
        Map<String, String> out = new LinkedHashMap<>();
        for (Tuple2<String, String> t : all) {
            if (t._2().indexOf('\n') >= 0) {
                throw new ConfigValidationException("spark property " + t._1() + " contains a line break");
            }
            out.put(t._1(), t._2());
        }
        return out;
    }

    private static int rank(String key) {
        return switch (key) {
            case "spark.master" -> 0;
            case "spark.submit.deployMode" -> 1;
            default -> 2;
        };
    }

    /**
     * The job's configuration as the driver should see it: the sections of our reference.conf files
     * only (nothing of this JVM travels to the driver), with spark.conf emptied because it went to
     * spark-submit.
     */
    public static Config jobConfig(Config config) {
        Config ours = ConfigFactory.parseResourcesAnySyntax(SubmitProfile.class.getClassLoader(), "reference.conf");
        Config job = ConfigFactory.empty();
        for (String root : ours.root().keySet()) {
            if (config.hasPath(root)) {
                job = job.withValue(root, config.getValue(root));
            }
        }
        return job.withValue("spark.conf", ConfigValueFactory.fromMap(Map.of()));
    }

    /**
     * {@code SubmitProfile [--file F]... [--set K=V]... [--job-conf-out PATH]}: prints one
     * {@code key=value} line per spark-submit property. Exit 2 on a configuration error.
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> files = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        Path jobOut = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                err.println("SubmitProfile: " + a + " needs a value");
                return 64;
            }
            String v = args[++i];
            switch (a) {
                case "--file" -> files.add(Path.of(v));
                case "--set" -> sets.add(v);
                case "--job-conf-out" -> jobOut = Path.of(v);
                default -> {
                    err.println("SubmitProfile: unknown option " + a);
                    return 64;
                }
            }
        }
        try {
            Config config = load(files, sets);
            Map<String, String> props = submitProperties(config);
            if (jobOut != null) {
                Files.writeString(jobOut, "# Written by deploy/submit.sh from " + files
                        + "; spark.conf is on the spark-submit command line.\n"
                        + MmanetConfig.render(jobConfig(config)), StandardCharsets.UTF_8);
            }
            props.forEach((k, v) -> out.println(k + "=" + v));
            return 0;
        } catch (ConfigValidationException e) {
            err.println("configuration error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("cannot write " + jobOut + ": " + e.getMessage());
            return 1;
        }
    }
}
