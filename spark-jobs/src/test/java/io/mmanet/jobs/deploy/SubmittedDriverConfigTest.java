package io.mmanet.jobs.deploy;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.config.MmanetConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a driver started by spark-submit every Spark property is a system property (spark.jars,
 * spark.app.name, spark.submit.deployMode, ...). They are Spark's, not -D overrides of our
 * {@code spark} section, and must not fail the configuration as unknown keys; a -D of one of our
 * keys still counts.
 */
class SubmittedDriverConfigTest {

    @Test
    void sparkSubmitPropertiesAreNotOverridesButOurKeysStillAre() {
        List<String> spark = List.of("spark.jars", "spark.app.name", "spark.submit.deployMode",
                "spark.kryo.registrationRequired");
        try {
            spark.forEach(n -> System.setProperty(n, "x"));
            System.setProperty("spark.app-name", "from-d");
            Config c = MmanetConfig.load(null, List.of());
            assertEquals("from-d", c.getString("spark.app-name"));

            System.setProperty("spark.kryo-registration-required", "banana");
            ConfigValidationException e = assertThrows(ConfigValidationException.class,
                    () -> MmanetConfig.load(null, List.of()));
            assertTrue(e.getMessage().contains("spark.kryo-registration-required"), e.getMessage());
        } finally {
            spark.forEach(System::clearProperty);
            System.clearProperty("spark.app-name");
            System.clearProperty("spark.kryo-registration-required");
        }
    }
}
