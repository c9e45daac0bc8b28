package io.mmanet.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Line charts and histograms as inline SVG strings, for the HTML reports. Drawn by hand rather
 * than with AWT: container images often lack fonts, and an SVG's text is laid out by the browser.
 * Pure: numbers in, markup out; NaN points are gaps in their line.
 */
public final class SvgCharts {
    /** One colour per series, repeated after the last. */
    public static final String[] COLOURS = {"#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860",
            "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD"};
    private static final int LEFT = 60;
    private static final int TOP = 28;
    private static final int PLOT_W = 360;
    private static final int PLOT_H = 200;
    private static final int LEGEND_W = 190;

    private SvgCharts() {
    }

    /**
     * A named line: y over x (same lengths); NaN y values are left out.
     *
     * @param style the index of its colour and dash, so one method keeps its colour across charts;
     *              negative: its position in the chart
     */
    public record Series(String name, double[] x, double[] y, int style) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length
                        + " y values");
            }
        }

        public Series(String name, double[] x, double[] y) {
            this(name, x, y, -1);
        }
    }

    /** Formats as a percentage with one decimal (fractions in, "12.5%" out). */
    public static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /** Formats with three significant digits (loss values, norms, learning rates). */
    public static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /**
     * A line chart, one polyline with dots per series, axes from the data's range (y from 0 when all
     * values are positive and the range allows it), a legend on the right.
     */
    public static String lines(String title, String xLabel, String yLabel, List<Series> series,
                               DoubleFunction<String> yFormat) {
        return lines(title, xLabel, yLabel, series, yFormat, false);
    }

    /**
     * A line chart as {@link #lines(String, String, String, List, DoubleFunction)}; with
     * {@code logY} the y axis is logarithmic (for values spanning orders of magnitude, such as
     * gradient norms), and values that are not positive are left out.
     */
    public static String lines(String title, String xLabel, String yLabel, List<Series> series,
                               DoubleFunction<String> yFormat, boolean logY) {
        if (logY) {
            List<Series> logged = new ArrayList<>();
            for (Series s : series) {
                double[] y = new double[s.y().length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = s.y()[i] > 0 ? Math.log10(s.y()[i]) : Double.NaN;
                }
                logged.add(new Series(s.name(), s.x(), y, s.style()));
            }
            return draw(title, xLabel, yLabel + " (log scale)", logged, v -> yFormat.apply(Math.pow(10, v)));
        }
        return draw(title, xLabel, yLabel, series, yFormat);
    }

    private static String draw(String title, String xLabel, String yLabel, List<Series> series,
                               DoubleFunction<String> yFormat) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.y()[i]) && Double.isFinite(s.x()[i])) {
                    xMin = Math.min(xMin, s.x()[i]);
                    xMax = Math.max(xMax, s.x()[i]);
                    yMin = Math.min(yMin, s.y()[i]);
                    yMax = Math.max(yMax, s.y()[i]);
                }
            }
        }
        StringBuilder sb = open(title, LEFT + PLOT_W + LEGEND_W, Math.max(TOP + PLOT_H + 40, TOP + 15 * series.size() + 5));
        if (xMin > xMax) {
            sb.append(text(LEFT + PLOT_W / 2.0, TOP + PLOT_H / 2.0, "middle", "no data"));
            return sb.append("</svg>\n").toString();
        }
        if (yMin >= 0 && yMin < 0.5 * yMax && !yLabel.endsWith("(log scale)")) {
            yMin = 0;
        }
        if (yMax - yMin < 1e-12) {
            double pad = Math.max(Math.abs(yMax) * 0.05, 1e-6);
            yMin -= pad;
            yMax += pad;
        }
        if (xMax - xMin < 1e-12) {
            xMin -= 0.5;
            xMax += 0.5;
        }
        Axes axes = new Axes(xMin, xMax, yMin, yMax);
        yTicks(sb, axes, yFormat);
        xTicks(sb, axes, integral(series));
        axisLabels(sb, xLabel, yLabel);
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            int style = s.style() >= 0 ? s.style() : si;
            String colour = COLOURS[style % COLOURS.length];
            // Past the palette, colours repeat: the repeats are dashed.
            String dash = style >= COLOURS.length ? "\" stroke-dasharray=\"5,3" : "";
            List<String> segment = new ArrayList<>();
            for (int i = 0; i <= s.x().length; i++) {
                boolean point = i < s.x().length && Double.isFinite(s.y()[i]);
                if (point) {
                    segment.add(String.format(Locale.ROOT, "%.1f,%.1f", axes.px(s.x()[i]), axes.py(s.y()[i])));
                    sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\">"
                                    + "<title>%s at %s: %s</title></circle>\n", axes.px(s.x()[i]), axes.py(s.y()[i]),
                            colour, esc(s.name()), trim(s.x()[i]), esc(yFormat.apply(s.y()[i]))));
                }
                if (!point && segment.size() > 1) {
                    sb.append("<polyline fill=\"none\" stroke=\"").append(colour).append(dash)
                            .append("\" stroke-width=\"1.5\" points=\"")
                            .append(String.join(" ", segment)).append("\"/>\n");
                }
                if (!point) {
                    segment.clear();
                }
            }
            legend(sb, si, s.name(), colour + dash);
        }
        return sb.append("</svg>\n").toString();
    }

    /**
     * A histogram: {@code counts[i]} rows fell in [{@code edges[i]}, {@code edges[i+1]}); bars
     * scaled to the largest count, the edges labelled below.
     */
    public static String histogram(String title, String xLabel, double[] edges, long[] counts) {
        if (edges.length != counts.length + 1) {
            throw new IllegalArgumentException(counts.length + " bins need " + (counts.length + 1) + " edges, got "
                    + edges.length);
        }
        long max = 1;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        StringBuilder sb = open(title, LEFT + PLOT_W + 20, TOP + PLOT_H + 40);
        Axes axes = new Axes(edges[0], edges[edges.length - 1], 0, max);
        yTicks(sb, axes, v -> String.format(Locale.ROOT, "%.0f", v));
        xTicks(sb, axes, false);
        axisLabels(sb, xLabel, "rows");
        for (int i = 0; i < counts.length; i++) {
            double x0 = axes.px(edges[i]);
            double x1 = axes.px(edges[i + 1]);
            double y = axes.py(counts[i]);
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                            + "fill=\"%s\"><title>[%s, %s): %d</title></rect>\n", x0, y, Math.max(0.5, x1 - x0 - 1),
                    TOP + PLOT_H - y, COLOURS[0], number(edges[i]), number(edges[i + 1]), counts[i]));
        }
        return sb.append("</svg>\n").toString();
    }

    /** Escapes text for HTML and SVG. */
    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Data to pixels. */
    private record Axes(double xMin, double xMax, double yMin, double yMax) {
        double px(double x) {
            return LEFT + PLOT_W * (x - xMin) / (xMax - xMin);
        }

        double py(double y) {
            return TOP + PLOT_H - PLOT_H * (y - yMin) / (yMax - yMin);
        }
    }

    private static StringBuilder open(String title, int width, int height) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"10\" role=\"img\" aria-label=\"%s\">\n", width, height,
                esc(title)));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\" font-size=\"12\" font-weight=\"bold\">%s</text>\n",
                LEFT, esc(title)));
        return sb;
    }

    private static void yTicks(StringBuilder sb, Axes a, DoubleFunction<String> format) {
        for (int t = 0; t <= 4; t++) {
            double v = a.yMin() + (a.yMax() - a.yMin()) * t / 4;
            double y = a.py(v);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>",
                    LEFT, y, LEFT + PLOT_W, y)).append(text(LEFT - 4, y + 3, "end", format.apply(v))).append('\n');
        }
    }

    private static void xTicks(StringBuilder sb, Axes a, boolean integral) {
        int ticks = 5;
        if (integral) {
            ticks = (int) Math.max(1, Math.min(10, Math.round(a.xMax() - a.xMin())));
        }
        double bottom = TOP + PLOT_H;
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\"/>\n",
                LEFT, bottom, LEFT + PLOT_W, bottom));
        for (int t = 0; t <= ticks; t++) {
            double v = a.xMin() + (a.xMax() - a.xMin()) * t / ticks;
            if (integral && Math.abs(v - Math.rint(v)) > 1e-9) {
                continue;
            }
            sb.append(text(a.px(v), bottom + 12, "middle", trim(v)));
        }
        sb.append('\n');
    }

    private static void axisLabels(StringBuilder sb, String xLabel, String yLabel) {
        sb.append(text(LEFT + PLOT_W / 2.0, TOP + PLOT_H + 30, "middle", xLabel));
        double cy = TOP + PLOT_H / 2.0;
        sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%.1f\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 12 %.1f)\">%s</text>\n", cy, cy, esc(yLabel)));
    }

    /** A legend entry: a short stroke in the series' style (colour and dash) and its name. */
    private static void legend(StringBuilder sb, int index, String name, String stroke) {
        int x = LEFT + PLOT_W + 14;
        int y = TOP + index * 15;
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke-width=\"3\" "
                + "stroke=\"%s\"/>", x, y + 5, x + 14, y + 5, stroke)).append(text(x + 18, y + 9, "start", name))
                .append('\n');
    }

    private static String text(double x, double y, String anchor, String s) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor,
                esc(s));
    }

    /** True when every x of every series is a whole number (epochs): ticks at whole numbers only. */
    private static boolean integral(List<Series> series) {
        for (Series s : series) {
            for (double x : s.x()) {
                if (Math.abs(x - Math.rint(x)) > 1e-9) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String trim(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v)) : number(v);
    }
}
