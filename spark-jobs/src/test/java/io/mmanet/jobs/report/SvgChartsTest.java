package io.mmanet.jobs.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgChartsTest {

    @Test
    void aLineChartHasOnePolylineAndOneDotPerPointPerSeriesAndALegendEntryEach() {
        String svg = SvgCharts.lines("rgb", "epoch", "ACER", List.of(
                new SvgCharts.Series("SF-MD", new double[] {1, 2, 3}, new double[] {0.4, 0.3, 0.2}),
                new SvgCharts.Series("MMANet <&>", new double[] {1, 2, 3}, new double[] {0.5, 0.25, 0.1})),
                SvgCharts::percent);
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.trim().endsWith("</svg>"));
        assertEquals(2, count(svg, "<polyline"));
        assertEquals(6, count(svg, "<circle"));
        assertTrue(svg.contains("MMANet &lt;&amp;&gt;"), "names are escaped");
        assertTrue(svg.contains("<title>SF-MD at 2: 30.0%</title>"), svg);
        // y from 0 (all values positive, minimum under half the maximum) to the maximum: 50% on top.
        assertTrue(svg.contains(">0.0%</text>") && svg.contains(">50.0%</text>"), svg);
        // Epochs are whole numbers: ticks 1, 2, 3 and no fractional tick labels.
        assertTrue(svg.contains(">1</text>") && svg.contains(">3</text>") && !svg.contains(">1.5</text>"), svg);
    }

    @Test
    void pointsAreDrawnAtTheirValuesAndHigherValuesSitHigher() {
        String svg = SvgCharts.lines("t", "x", "y", List.of(
                new SvgCharts.Series("a", new double[] {0, 10}, new double[] {0, 1})), SvgCharts::number);
        List<double[]> dots = circles(svg);
        assertEquals(2, dots.size());
        assertTrue(dots.get(1)[0] > dots.get(0)[0], "x grows to the right");
        assertTrue(dots.get(1)[1] < dots.get(0)[1], "y grows upwards (smaller SVG y)");
    }

    @Test
    void nanPointsBreakTheLineAndEmptyDataSaysSo() {
        String svg = SvgCharts.lines("t", "epoch", "v", List.of(new SvgCharts.Series("a",
                new double[] {1, 2, 3, 4, 5}, new double[] {1, 2, Double.NaN, 3, 4})), SvgCharts::number);
        assertEquals(2, count(svg, "<polyline"), "two segments around the gap");
        assertEquals(4, count(svg, "<circle"));
        String empty = SvgCharts.lines("t", "epoch", "v", List.of(new SvgCharts.Series("a", new double[] {1},
                new double[] {Double.NaN})), SvgCharts::number);
        assertTrue(empty.contains(">no data</text>") && !empty.contains("<polyline"), empty);
        assertThrows(IllegalArgumentException.class, () -> new SvgCharts.Series("a", new double[2], new double[3]));
    }

    @Test
    void seriesBeyondThePaletteAreDashedAndTheLegendFits() {
        List<SvgCharts.Series> many = new java.util.ArrayList<>();
        for (int i = 0; i < SvgCharts.COLOURS.length + 2; i++) {
            many.add(new SvgCharts.Series("run " + i, new double[] {1, 2}, new double[] {i, i + 1}));
        }
        String svg = SvgCharts.lines("t", "epoch", "v", many, SvgCharts::number);
        assertEquals(2 * 2, count(svg, "stroke-dasharray"), "two dashed lines and their two legend strokes");
        Matcher h = Pattern.compile("height=\"(\\d+)\"").matcher(svg);
        assertTrue(h.find());
        Matcher last = Pattern.compile("<text x=\"[\\d.]+\" y=\"([\\d.]+)\" text-anchor=\"start\">run "
                + (many.size() - 1) + "</text>").matcher(svg);
        assertTrue(last.find(), svg);
        assertTrue(Double.parseDouble(last.group(1)) < Integer.parseInt(h.group(1)), "the last legend entry is inside");
    }

    @Test
    void aLogScaleSpansOrdersOfMagnitudeAndLeavesOutZeros() {
        String svg = SvgCharts.lines("norms", "epoch", "norm", List.of(
                new SvgCharts.Series("out", new double[] {1, 2, 3}, new double[] {10, 20, 30}),
                new SvgCharts.Series("kd", new double[] {1, 2, 3}, new double[] {0, 1000, 100})), SvgCharts::number, true);
        assertEquals(5, count(svg, "<circle"), "the zero is left out");
        assertTrue(svg.contains(">norm (log scale)</text>"), svg);
        assertTrue(svg.contains(">10.0</text>") && svg.contains(">1.00e+03</text>"), "ticks in the values' units: " + svg);
        List<double[]> dots = circles(svg);
        // 100 sits halfway between 10 and 1000 on a log axis.
        double y10 = dots.get(0)[1];
        double y1000 = dots.get(3)[1];
        double y100 = dots.get(4)[1];
        assertEquals((y10 + y1000) / 2, y100, 0.2);
        assertTrue(svg.contains("<title>kd at 2: 1.00e+03</title>"), svg);
    }

    @Test
    void aSeriesStyleKeepsAMethodsColourAcrossCharts() {
        String svg = SvgCharts.lines("t", "x", "y", List.of(new SvgCharts.Series("b", new double[] {1, 2},
                new double[] {1, 2}, 2)), SvgCharts::number);
        assertTrue(svg.contains("stroke=\"" + SvgCharts.COLOURS[2] + "\""), svg);
    }

    @Test
    void aHistogramHasABarPerBinWithHeightsProportionalToCounts() {
        String svg = SvgCharts.histogram("entropy", "nats", new double[] {0, 0.5, 1.0, 1.5}, new long[] {4, 2, 0});
        Matcher m = Pattern.compile("<rect x=\"[\\d.]+\" y=\"[\\d.]+\" width=\"[\\d.]+\" height=\"([\\d.]+)\"")
                .matcher(svg);
        double[] heights = new double[3];
        int i = 0;
        while (m.find()) {
            heights[i++] = Double.parseDouble(m.group(1));
        }
        assertEquals(3, i);
        assertEquals(2 * heights[1], heights[0], 1e-6);
        assertEquals(0, heights[2], 1e-6);
        assertTrue(svg.contains("<title>[0.500, 1.00): 2</title>"), svg);
        assertThrows(IllegalArgumentException.class, () -> SvgCharts.histogram("h", "x", new double[] {0, 1},
                new long[] {1, 2}));
    }

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }

    private static List<double[]> circles(String svg) {
        Matcher m = Pattern.compile("<circle cx=\"([\\d.]+)\" cy=\"([\\d.]+)\"").matcher(svg);
        List<double[]> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        return out;
    }
}
