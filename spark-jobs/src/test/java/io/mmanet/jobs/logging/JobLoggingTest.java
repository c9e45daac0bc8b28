package io.mmanet.jobs.logging;

import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which configurations JobLogging replaces: only log4j2's and Spark's fallbacks, never a chosen one. */
class JobLoggingTest {

    private static Configuration parse(InputStream in, URL location) throws IOException {
        return new PropertiesConfigurationFactory().getConfiguration(null, new ConfigurationSource(in, location));
    }

    @Test
    void replacesOnlyTheFallbacks() throws Exception {
        assertTrue(JobLogging.isFallback(new DefaultConfiguration()), "no configuration found");
        URL sparkDefaults = getClass().getClassLoader().getResource("org/apache/spark/log4j2-defaults.properties");
        assertNotNull(sparkDefaults, "Spark's defaults are on the test classpath");
        try (InputStream in = sparkDefaults.openStream()) {
            assertTrue(JobLogging.isFallback(parse(in, sparkDefaults)), "Spark's INFO defaults");
        }
        URL ours = getClass().getClassLoader().getResource(JobLogging.RESOURCE);
        assertNotNull(ours, "our configuration is in the jar");
        try (InputStream in = ours.openStream()) {
            assertFalse(JobLogging.isFallback(parse(in, ours)), "ours");
        }
        byte[] user = "status = warn\nrootLogger.level = debug\n".getBytes(StandardCharsets.UTF_8);
        assertFalse(JobLogging.isFallback(parse(new ByteArrayInputStream(user), new URL("file:/etc/site/log4j2.properties"))),
                "a configuration the user chose");
    }
}
