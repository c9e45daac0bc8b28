package io.mmanet.jobs.cli;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options every job takes: configuration file, overrides and the Spark master. */
public final class CommonOptions {

    @Option(names = "--conf", paramLabel = "FILE",
            description = "Configuration file (HOCON) overriding the documented defaults; see conf/.")
    Path conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one configuration key (repeatable), e.g. --set train.epochs=5.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: spark.master of the config, local[*]). "
                    + "./mmanet hands cluster masters (yarn, k8s://, spark://) to spark-submit.")
    String master;

    /** Loads and validates the configuration: fails fast, before any Spark work. */
    public Config load() {
        List<String> all = new ArrayList<>(sets);
        if (master != null) {
            all.add("spark.master=\"" + master + "\"");
        }
        return MmanetConfig.load(conf, all);
    }

    /**
     * A required option, checked in call() after {@link #load()} rather than by picocli, so that a
     * configuration error is reported before a missing option.
     */
    static void require(String option, Object value) {
        if (value == null) {
            throw new UserFacingException("missing required option " + option + " (see --help)", 2);
        }
    }
}
