package io.mmanet.jobs.spark;

import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.check.InstallationCheck;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameter averaging over local[2] with our Kryo registrator and registration required. */
class InstallationCheckTest {

    @Test
    void parameterAveragingRunsWithKryoRegistrationRequired() {
        SparkSession spark = SparkSessions.getOrCreate(MmanetConfig.load(null, List.of("spark.master=\"local[2]\"")));
        try {
            Map<String, Object> facts = InstallationCheck.run(spark);
            assertEquals("true", facts.get("kryo_registration_required"));
            assertTrue((Double) facts.get("parameter_delta_l2") > 0);
        } finally {
            spark.stop();
        }
    }
}
