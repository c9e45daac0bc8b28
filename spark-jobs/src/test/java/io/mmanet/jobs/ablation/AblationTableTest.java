package io.mmanet.jobs.ablation;

import io.mmanet.networks.metrics.CombinationMetrics;
import io.mmanet.networks.metrics.ModelMetrics;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AblationTableTest {

    private static ModelMetrics model(String name, double... errors) {
        String[] combos = {"rgb", "depth", "rgb+depth"};
        List<CombinationMetrics> rows = new java.util.ArrayList<>();
        for (int i = 0; i < errors.length; i++) {
            rows.add(new CombinationMetrics(combos[i], 100, 1 - errors[i], Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, errors[i]));
        }
        return new ModelMetrics(name, rows);
    }

    private static AblationTable.SeedResult seed(long s, ModelMetrics a, ModelMetrics b) {
        Map<String, ModelMetrics> m = new LinkedHashMap<>();
        m.put("SF-MD", a);
        m.put("MMANet", b);
        return new AblationTable.SeedResult(s, m, List.of("rgb"), 1.0);
    }

    @Test
    void cellsAreMeanAndSampleStdOverSeedsAndTheAverageRowIsTheMeanOverCombinations() {
        AblationTable t = new AblationTable("t", "error", List.of("SF-MD", "MMANet"), List.of(
                seed(1, model("sf-md", 0.30, 0.10, 0.05), model("mmanet", 0.20, 0.10, 0.06)),
                seed(2, model("sf-md", 0.40, 0.12, 0.07), model("mmanet", 0.24, 0.08, 0.04))));
        // rgb, SF-MD: mean(0.30, 0.40) = 0.35, std = |0.30-0.40|/sqrt(2)
        assertEquals(0.35, t.cell("rgb", "SF-MD").mean(), 1e-12);
        assertEquals(0.1 / Math.sqrt(2), t.cell("rgb", "SF-MD").std(), 1e-12);
        // average row, MMANet: seed 1 mean 0.12, seed 2 mean 0.12 -> 0.12 ± 0
        assertEquals(0.12, t.cell(AblationTable.AVERAGE, "MMANet").mean(), 1e-12);
        assertEquals(0.0, t.cell(AblationTable.AVERAGE, "MMANet").std(), 1e-12);
        assertEquals("MMANet", t.best("rgb"));
        assertEquals("MMANet", t.best(AblationTable.AVERAGE)); // 0.12 vs (0.15 + 0.19667)/2
        String md = t.markdown();
        assertTrue(md.contains("| rgb | 35.00 ± 7.07 | **22.00 ± 2.83** |"), md);
        assertTrue(md.contains("seed 1: {rgb}"), md);
        assertTrue(t.html().contains("<svg"), "the page has a chart");
        assertTrue(t.json().contains("\"best\" : \"MMANet\""), t.json());
    }

    @Test
    void aMissingMethodOrCombinationIsNamed() {
        Map<String, ModelMetrics> onlyOne = new LinkedHashMap<>();
        onlyOne.put("SF-MD", model("sf-md", 0.3, 0.1, 0.05));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AblationTable("t", "error",
                List.of("SF-MD", "MMANet"), List.of(new AblationTable.SeedResult(1, onlyOne, List.of(), 1))));
        assertTrue(e.getMessage().contains("MMANet"), e.getMessage());
    }
}
