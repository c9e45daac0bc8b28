package io.mmanet.jobs.ablation;

import io.mmanet.networks.metrics.HeadlineMetric;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AblationTableTest {

    private static final HeadlineMetric ERROR = new HeadlineMetric("error", "error", false);

    /** A method's scores on rgb, depth, rgb+depth; the mean over them. */
    private static AblationTable.Scores model(String name, double... values) {
        String[] combos = {"rgb", "depth", "rgb+depth"};
        Map<String, Double> byCombination = new LinkedHashMap<>();
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            byCombination.put(combos[i], values[i]);
            sum += values[i];
        }
        return new AblationTable.Scores(byCombination, sum / values.length);
    }

    private static AblationTable.SeedResult seed(long s, AblationTable.Scores a, AblationTable.Scores b) {
        Map<String, AblationTable.Scores> m = new LinkedHashMap<>();
        m.put("SF-MD", a);
        m.put("MMANet", b);
        return new AblationTable.SeedResult(s, m, Map.of("MMANet", List.of("rgb")), 1.0);
    }

    @Test
    void cellsAreMeanAndSampleStdOverSeedsAndTheAverageRowIsTheMeanOverCombinations() {
        AblationTable t = new AblationTable("t", ERROR, List.of("SF-MD", "MMANet"),
                Map.of("MMANet", "MMANet's mined weak set W"), List.of(
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
        assertTrue(md.contains("MMANet's mined weak set W per seed: seed 1: {rgb}; seed 2: {rgb}."), md);
        assertTrue(md.contains("error in %, mean ± std over 2 seed(s) (seeds 1, 2); lower is better, lowest per row in bold."),
                md);
        assertTrue(t.html().contains("<svg"), "the page has a chart");
        assertTrue(t.json().contains("\"best\" : \"MMANet\""), t.json());
    }

    @Test
    void aKnownInformationLimitIsTheLastColumnAndTheAverageRowTakesItsMean() {
        AblationTable t = new AblationTable("t", ERROR, List.of("SF-MD", "MMANet"), Map.of(), List.of(
                seed(1, model("sf-md", 0.30, 0.10, 0.05), model("mmanet", 0.20, 0.10, 0.06))))
                .withLimits(Map.of("rgb", 0.25, "depth", 0.05, "rgb+depth", 0.03));
        String md = t.markdown();
        assertTrue(md.contains("| combination | SF-MD | MMANet | lowest possible |"), md);
        assertTrue(md.contains("| rgb | 30.00 | **20.00** | 25.00 |"), md);
        assertTrue(md.contains("| **average** | 15.00 | **12.00** | 11.00 |"), md);
        assertTrue(md.contains(AblationTable.LIMIT_LEGEND), md);
        assertTrue(t.html().contains("<th>lowest possible</th>") && t.html().contains("<td>11.00</td>"), t.html());
        assertTrue(t.json().contains("\"lowest_possible\" : 0.11"), t.json());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.withLimits(Map.of("rgb", 0.2)));
        assertTrue(e.getMessage().contains("depth"), e.getMessage());
        // Without limits, no such column.
        assertTrue(!new AblationTable("t", ERROR, List.of("SF-MD", "MMANet"), Map.of(), List.of(
                seed(1, model("a", 0.3, 0.1, 0.05), model("b", 0.2, 0.1, 0.06)))).markdown().contains("lowest possible"));
    }

    @Test
    void aMissingMethodOrCombinationIsNamed() {
        Map<String, AblationTable.Scores> onlyOne = new LinkedHashMap<>();
        onlyOne.put("SF-MD", model("sf-md", 0.3, 0.1, 0.05));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AblationTable("t", ERROR,
                List.of("SF-MD", "MMANet"), Map.of(), List.of(new AblationTable.SeedResult(1, onlyOne, Map.of(), 1))));
        assertTrue(e.getMessage().contains("MMANet"), e.getMessage());
        Map<String, AblationTable.Scores> noDepth = new LinkedHashMap<>(onlyOne);
        noDepth.put("MMANet", model("mmanet", 0.3));
        e = assertThrows(IllegalArgumentException.class, () -> new AblationTable("t", ERROR,
                List.of("SF-MD", "MMANet"), Map.of(), List.of(new AblationTable.SeedResult(1, noDepth, Map.of(), 1))));
        assertTrue(e.getMessage().contains("depth") && e.getMessage().contains("MMANet"), e.getMessage());
    }

    /** A score (segmentation's mIoU): the highest mean per row is the best, and the legend says which way is better. */
    @Test
    void aScoreWhereHigherIsBetterMarksTheHighestMean() {
        AblationTable t = new AblationTable("seg", new HeadlineMetric("miou", "mIoU", true), List.of("SF-MD", "MMANet"),
                Map.of(), List.of(seed(1, model("sf-md", 0.30, 0.10, 0.50), model("mmanet", 0.25, 0.15, 0.55))));
        assertEquals("SF-MD", t.best("rgb"));
        assertEquals("MMANet", t.best("depth"));
        assertEquals("MMANet", t.best(AblationTable.AVERAGE)); // 0.3167 vs 0.3
        String md = t.markdown();
        assertTrue(md.contains("mIoU in %, mean ± std over 1 seed(s) (seeds 1); higher is better, highest per row in bold."),
                md);
        assertTrue(md.contains("| rgb | **30.00** | 25.00 |"), md);
        assertTrue(!md.contains("per seed:"), "no method publishing a set, no footnote: " + md);
        assertTrue(t.json().contains("\"higher_is_better\" : true"), t.json());
    }

    /** Each published set is footnoted under its own method's name; without MMANet, DMRNet's set is not "MMANet's". */
    @Test
    void everyPublishedSetIsFootnotedUnderItsOwnMethodsName() {
        Map<String, AblationTable.Scores> m = new LinkedHashMap<>();
        m.put("DMRNet", model("dmrnet", 0.3, 0.1, 0.05));
        m.put("MMANet", model("mmanet", 0.2, 0.1, 0.05));
        Map<String, String> names = new LinkedHashMap<>();
        names.put("DMRNet", "DMRNet's hard combination set");
        names.put("MMANet", "MMANet's mined weak set W");
        AblationTable both = new AblationTable("t", ERROR, List.of("DMRNet", "MMANet"), names, List.of(
                new AblationTable.SeedResult(1, m, Map.of("DMRNet", List.of("depth", "rgb+depth")), 1)));
        String md = both.markdown();
        assertTrue(md.contains("DMRNet's hard combination set per seed: seed 1: {depth, rgb+depth}."), md);
        assertTrue(md.contains("MMANet's mined weak set W per seed: seed 1: —."), md);
        m.remove("MMANet");
        AblationTable dmrnetOnly = new AblationTable("t", ERROR, List.of("DMRNet"),
                Map.of("DMRNet", "DMRNet's hard combination set"),
                List.of(new AblationTable.SeedResult(1, m, Map.of("DMRNet", List.of("depth")), 1)));
        assertTrue(dmrnetOnly.markdown().contains("DMRNet's hard combination set per seed: seed 1: {depth}."));
        assertTrue(!dmrnetOnly.markdown().contains("MMANet") && !dmrnetOnly.html().contains("MMANet"),
                dmrnetOnly.markdown());
        assertTrue(dmrnetOnly.json().contains("\"DMRNet\" : [ \"depth\" ]"), dmrnetOnly.json());
    }
}
