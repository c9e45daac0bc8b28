package io.mmanet.jobs.logging;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.LoggerFactory;

import java.net.URISyntaxException;
import java.net.URL;

/**
 * Puts {@value #RESOURCE} (inside the shaded jar) in charge of logging when nothing else is.
 *
 * <p>Why it is needed: a JVM started by spark-submit or by a Spark Worker configures log4j2 at
 * its first log line, before the application jar is on any class loader, so
 * {@code -Dlog4j2.configurationFile=mmanet-log4j2.properties} finds nothing there ("No
 * configuration found") and Spark falls back to its INFO defaults. Where the file can be on the
 * JVM's own classpath or disk at start (a local run, YARN's {@code --files}, the images'
 * {@code $SPARK_HOME/conf/log4j2.properties}) it is; everywhere else the driver's main and
 * {@link ExecutorLoggingPlugin} call {@link #install()} as soon as our jar is loaded.
 *
 * <p>A configuration the user chose is kept: only log4j2's built-in default (no configuration
 * found) and Spark's {@code log4j2-defaults.properties} fallback are replaced.
 */
public final class JobLogging {
    /** The configuration's resource name in the jar; also its {@code name} inside the file. */
    public static final String RESOURCE = "mmanet-log4j2.properties";
    static final String NAME = "mmanet";
    private static final String SPARK_DEFAULTS = "org/apache/spark/log4j2-defaults.properties";

    private JobLogging() {
    }

    /** @return true if this call switched logging to our configuration */
    public static synchronized boolean install() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        if (!isFallback(ctx.getConfiguration())) {
            return false;
        }
        URL url = JobLogging.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            return false;
        }
        try {
            Configurator.reconfigure(url.toURI());
        } catch (URISyntaxException e) {
            return false;
        }
        LoggerFactory.getLogger(JobLogging.class).debug("logging configured from {}", url);
        return true;
    }

    /** True when the active configuration is ours. */
    public static boolean active() {
        return NAME.equals(((LoggerContext) LogManager.getContext(false)).getConfiguration().getName());
    }

    static boolean isFallback(Configuration c) {
        if (NAME.equals(c.getName())) {
            return false;
        }
        String location = c.getConfigurationSource() == null ? null : c.getConfigurationSource().getLocation();
        return location == null || location.endsWith(SPARK_DEFAULTS);
    }
}
