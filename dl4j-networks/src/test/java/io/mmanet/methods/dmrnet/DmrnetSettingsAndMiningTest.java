package io.mmanet.methods.dmrnet;

import io.mmanet.config.ConfigValidationException;
import io.mmanet.config.MmanetConfig;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Section method.dmrnet (defaults, validation naming the key) and the hard-combination rule of the variance bank. */
class DmrnetSettingsAndMiningTest {

    private static MethodSettings settings(String... sets) {
        List<String> all = new java.util.ArrayList<>(List.of("method.name=dmrnet"));
        all.addAll(List.of(sets));
        return MethodSettings.fromConfig(MmanetConfig.load(null, all));
    }

    private static void assertKey(String key, String... sets) {
        var e = assertThrows(ConfigValidationException.class, () -> settings(sets));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void defaultsFollowTheOfficialScriptsAndSwitchingTheMethodKeepsTheConfiguredValues() {
        DmrnetOptions o = settings().options(DmrnetOptions.class);
        assertEquals(1e-3, o.klScale());
        assertEquals(0.5, o.hcrScale());
        assertFalse(o.fixed());
        DmrnetOptions configured = MethodSettings.fromConfig(MmanetConfig.load(null, List.of("method.name=mmanet",
                "method.dmrnet.hcr-scale=0.3"))).withMethod(Methods.get("dmrnet")).options(DmrnetOptions.class);
        assertEquals(0.3, configured.hcrScale(), "--method dmrnet over a config naming another method");
        assertEquals(0.5, MethodSettings.paperDefaults(Methods.get("dmrnet")).options(DmrnetOptions.class).hcrScale());
    }

    @Test
    void badValuesNameTheirKey() {
        assertKey("method.dmrnet.kl-scale", "method.dmrnet.kl-scale=-1");
        assertKey("method.dmrnet.hcr-scale", "method.dmrnet.hcr-scale=abc");
        assertKey("method.dmrnet.hard-combinations", "method.dmrnet.hard-combinations=[\"rgb+thermal\"]");
        assertKey("method.dmrnet.hard-combinations", "method.dmrnet.hard-combinations=[\"ir\", \"IR\"]");
        assertKey("method.warmup-epochs", "method.warmup-epochs=0", "method.mining-epochs=[]");
        assertKey("method.mining-epochs", "method.mining-epochs=[]");
        DmrnetOptions fixed = settings("method.mining-epochs=[]", "method.dmrnet.hard-combinations=[\"rgb+ir\", \"ir\"]")
                .options(DmrnetOptions.class);
        assertEquals(List.of("rgb+ir", "ir"), fixed.hardCombinations());
    }

    private static Map<ModalityCombination, Double> values(Modalities m, double... v) {
        Map<ModalityCombination, Double> out = new LinkedHashMap<>();
        List<ModalityCombination> candidates = VarianceBank.candidates(m);
        for (int i = 0; i < candidates.size(); i++) {
            out.put(candidates.get(i), v[i]);
        }
        out.put(ModalityCombination.full(m), 9.0); // full is logged, never a candidate
        return out;
    }

    @Test
    void hardCombinationIsTheLargestMeanVarianceOverTheMiningEpochs() {
        Modalities m = Modalities.rgbDepthIr();
        VarianceBank bank = new VarianceBank(m, null);
        // Candidates in canonical order: rgb+depth, rgb+ir, depth+ir.
        bank.record(2, values(m, 1.0, 3.0, 2.0));
        bank.record(3, values(m, 1.0, 0.0, 3.5));
        bank.record(3, values(m, 1.0, 0.5, 2.5)); // a re-run epoch replaces its record
        assertEquals(2, bank.epochsRecorded());
        assertEquals(1.75, bank.accumulated().get(ModalityCombination.parse("rgb+ir", m)), 1e-12);
        assertEquals(ModalityCombination.parse("depth+ir", m), bank.hardCombination());
        assertEquals(Set.of(ModalityCombination.parse("depth", m), ModalityCombination.parse("ir", m),
                ModalityCombination.parse("depth+ir", m)), bank.hardSet());
        VarianceBank tie = new VarianceBank(m, null);
        tie.record(1, values(m, 2.0, 2.0, 1.0));
        assertEquals(ModalityCombination.parse("rgb+depth", m), tie.hardCombination(), "first in canonical order on ties");
    }

    @Test
    void withTwoModalitiesTheHardSetIsTheSingleModalityWithTheLargerVariance() {
        Modalities rgbd = Modalities.fromConfig(MmanetConfig.load(null, List.of(
                "modalities=[{name=rgb, channels=3}, {name=depth, channels=1}]")));
        VarianceBank bank = new VarianceBank(rgbd, null);
        bank.record(1, values(rgbd, 0.8, 1.2));
        assertEquals(Set.of(ModalityCombination.parse("depth", rgbd)), bank.hardSet());
        assertThrows(IllegalArgumentException.class, () -> new VarianceBank(Modalities.rgbDepthIr(), bank.state()),
                "a bank of other modalities is refused");
    }
}
