package io.mmanet.jobs.spark;

import io.mmanet.jobs.check.InstallationCheck;
import io.mmanet.jobs.testing.LocalSpark;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameter averaging over local[2] with our Kryo registrator and registration required. */
class InstallationCheckTest {

    @Test
    void parameterAveragingRunsWithKryoRegistrationRequired() {
        // The shared session of the test JVM (never stopped here: other tests use it).
        Map<String, Object> facts = InstallationCheck.run(LocalSpark.session());
        assertEquals("true", facts.get("kryo_registration_required"));
        assertTrue((Double) facts.get("parameter_delta_l2") > 0);
    }
}
