package io.mmanet.networks.method;

import io.mmanet.config.ConfigValidationException;
import io.mmanet.config.MmanetConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MethodSettingsTest {

    @Test
    void referenceHasThePaperDefaults() {
        MethodSettings s = MethodSettings.fromConfig(MmanetConfig.load(null, List.of()));
        assertEquals(Methods.get("mmanet"), s.method());
        assertEquals(30.0, s.lambdaMad());
        assertEquals(0.5, s.lambdaMar());
        assertEquals(5, s.warmupEpochs());
        assertArrayEquals(new int[] {2, 3, 4}, s.miningEpochs());
        assertEquals("val", s.miningSplit());
        assertEquals("full", s.fixedCombinationName());
        assertTrue(s.isMiningEpoch(3));
        assertFalse(s.isMiningEpoch(5));
        assertFalse(s.isAfterWarmup(5));
        assertTrue(s.isAfterWarmup(6));
        assertEquals(0.9, s.optimizer().momentum());
        assertEquals(5e-4, s.optimizer().weightDecay());
    }

    @Test
    void everyMethodNameParses() {
        for (Method m : Methods.all()) {
            MethodSettings s = MethodSettings.fromConfig(MmanetConfig.load(null, List.of("method.name=" + m.name())));
            assertEquals(m, s.method());
        }
    }

    @Test
    void learningRateWarmsUpThenSteps() {
        ISchedule lr = MethodSettings.fromConfig(MmanetConfig.load(null, List.of())).learningRateSchedule();
        // DL4J passes 0-based epochs; 1-based epoch e is valueAt(i, e - 1).
        assertEquals(2e-4, lr.valueAt(0, 0), 1e-15);
        assertEquals(8e-4, lr.valueAt(0, 3), 1e-15);
        assertEquals(1e-3, lr.valueAt(0, 4), 1e-15);
        assertEquals(1e-3, lr.valueAt(0, 20), 1e-15);
        assertEquals(1e-4, lr.valueAt(0, 21), 1e-15);
        assertEquals(1e-5, lr.valueAt(0, 38), 1e-16);
        assertEquals(1e-6, lr.valueAt(0, 99), 1e-17);
    }

    @Test
    void badValuesNameTheirKey() {
        assertKey("method.name", "method.name=mmanet2");
        assertKey("method.mining-epochs", "method.mining-epochs=[2,9]");
        assertKey("method.mining-split", "method.mining-split=test");
        assertKey("method.fixed-combination", "method.fixed-combination=rgb+thermal");
        assertKey("optimizer.lr-step-epochs", "optimizer.lr-step-epochs=[5,3]");
    }

    private static void assertKey(String key, String set) {
        var e = assertThrows(ConfigValidationException.class,
                () -> MethodSettings.fromConfig(MmanetConfig.load(null, List.of(set))));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
