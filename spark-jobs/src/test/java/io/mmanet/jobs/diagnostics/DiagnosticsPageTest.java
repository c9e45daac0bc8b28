package io.mmanet.jobs.diagnostics;

import io.mmanet.jobs.checkpoint.EpochRecord;
import io.mmanet.jobs.diagnostics.SeedDiagnostics.MarSummary;
import io.mmanet.jobs.diagnostics.SeedDiagnostics.Point;
import io.mmanet.jobs.diagnostics.SeedDiagnostics.RunCurves;
import io.mmanet.jobs.report.SvgCharts;
import io.mmanet.networks.metrics.HeadlineMetric;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiagnosticsPageTest {

    /** SF's per-combination runs make one line per combination chart and one mean line (epochs all of them have). */
    @Test
    void curvesGroupRunsByColumnAndTheMeanAveragesSfOverItsRuns() {
        RunCurves sfA = run("sf/a", "SF", "a", point(1, "a", 0.4), point(2, "a", 0.2));
        RunCurves sfB = run("sf/b", "SF", "b", point(1, "b", 0.6)); // epoch 2 not kept
        RunCurves md = run("sf-md", "SF-MD", null, new Point(1, headline("a", 0.5, "b", 0.7), 0.6, Map.of()),
                new Point(2, headline("a", 0.3, "b", 0.5), 0.4, headline("out", 2.0, "kd", 1.0)));
        SeedDiagnostics d = seed(List.of(md, sfA, sfB), null);
        assertEquals(List.of("a", "b"), DiagnosticsPage.combinations(d));
        List<SvgCharts.Series> onA = DiagnosticsPage.headlineSeries(d, "a");
        assertEquals(List.of("SF-MD", "SF"), onA.stream().map(SvgCharts.Series::name).toList());
        assertArrayEquals(new double[] {0.4, 0.2}, onA.get(1).y(), 1e-12);
        List<SvgCharts.Series> mean = DiagnosticsPage.headlineSeries(d, DiagnosticsPage.MEAN);
        assertArrayEquals(new double[] {0.6, 0.4}, mean.get(0).y(), 1e-12);
        assertArrayEquals(new double[] {1}, mean.get(1).x(), 1e-12, "SF's mean only where both runs have a point");
        assertArrayEquals(new double[] {0.5}, mean.get(1).y(), 1e-12);
        List<SvgCharts.Series> grads = DiagnosticsPage.gradientSeries(md);
        assertEquals(2, grads.size());
        assertEquals("out", grads.get(0).name());
        assertTrue(Double.isNaN(grads.get(0).y()[0]) && grads.get(0).y()[1] == 2.0, "no norms at epoch 1: a gap");
    }

    @Test
    void theIndexSaysWhetherTheWeakSetIsTheSameInEverySeed() throws Exception {
        MarSummary w1 = new MarSummary("mmanet", List.of("rgb", "ir", "rgb+ir"), "rgb+ir", Map.of(), null);
        MarSummary w2 = new MarSummary("mmanet", List.of("ir"), "ir", Map.of(), null);
        List<DiagnosticsPage.IndexRow> same = List.of(row("1", w1), row("2", w1));
        List<DiagnosticsPage.IndexRow> differ = List.of(row("1", w1), row("2", w2));
        assertEquals("The weak set is the same in all 2 seed(s) that mined one.", DiagnosticsPage.weakSetAgreement(same));
        assertEquals("The weak set differs between seeds: 2 different sets in 2 seeds.",
                DiagnosticsPage.weakSetAgreement(differ));
        String html = DiagnosticsPage.index(differ);
        assertTrue(html.contains("{rgb, ir, rgb+ir}") && html.contains("href=\"seed-2/diagnostics/diagnostics.html\""),
                html);
        // The index reads back what a seed's diagnostics.json holds.
        SeedDiagnostics d = seed("3", w2);
        DiagnosticsPage.IndexRow back = DiagnosticsPage.IndexRow.fromJson(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(DiagnosticsPage.json(d)));
        assertEquals(DiagnosticsPage.IndexRow.of(d).toString(), back.toString());
    }

    private static DiagnosticsPage.IndexRow row(String seed, MarSummary mar) {
        return DiagnosticsPage.IndexRow.of(seed(seed, mar));
    }

    private static SeedDiagnostics seed(String seed, MarSummary mar) {
        return new SeedDiagnostics(seed, "file:/x/seed-" + seed, "val", HeadlineMetric.ERROR, List.of(), null, mar, 1);
    }

    private static SeedDiagnostics seed(List<RunCurves> runs, MarSummary mar) {
        return new SeedDiagnostics("1", "file:/x/seed-1", "val", HeadlineMetric.ERROR, runs, null, mar, 1);
    }

    private static RunCurves run(String name, String column, String combination, Point... points) {
        List<EpochRecord> history = List.of(new EpochRecord(1, 1, 10, 10, 0.5, 0.5, Double.NaN, Double.NaN, 0.1));
        return new RunCurves(name, column, "m", combination, List.of(points), history);
    }

    private static Point point(int epoch, String combination, double v) {
        return new Point(epoch, headline(combination, v), v, Map.of());
    }

    private static Map<String, Double> headline(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return m;
    }
}
