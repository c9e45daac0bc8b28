package io.mmanet.jobs.ablation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmanet.networks.metrics.HeadlineMetric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ablation results in the layout of the paper's Tables 2 and 6: one row per modality
 * combination plus the average over combinations, one column per method, each cell the mean and
 * standard deviation over seeds of the task's headline metric in percent ({@code Task.headline()}:
 * classification the error, ACER for binary anti-spoofing and 1 - accuracy otherwise, lower is
 * better; segmentation mIoU, higher is better). Under the table, per seed, the set each method
 * published (MMANet's mined weak set, DMRNet's hard combinations). Pure: it renders strings; the
 * job writes them.
 */
public final class AblationTable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] COLOURS = {"#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860",
            "#DA8BC3", "#8C8C8C"};
    static final String AVERAGE = "average";
    static final String DIAGNOSTICS_LEGEND = "Diagnostics per epoch (validation curves per combination, loss terms and"
            + " their gradient norms, teacher entropy, MAR weak sets)";

    /** One method's headline metric in one seed: per combination (in evaluation order) and the mean over them. */
    public record Scores(Map<String, Double> byCombination, double mean) {
        public Scores {
            byCombination = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byCombination));
        }
    }

    /**
     * One seed's evaluation: the scores of every method, and the set each method that publishes one
     * published (by column; see {@code Method.publishedSetName}).
     */
    public record SeedResult(long seed, Map<String, Scores> byMethod, Map<String, List<String>> publishedSets,
                             double seconds) {
    }

    private final String title;
    private final HeadlineMetric metric;
    private final List<String> methods;
    private final Map<String, String> publishedSetNames;
    private final List<String> combinations;
    private final List<SeedResult> seeds;
    /** Relative links to the diagnostics pages: the cross-seed index first, then per seed; empty when none. */
    private final Map<String, String> diagnostics;
    /** The corpus' information limit per combination (and {@link #AVERAGE}), as fractions; empty when unknown. */
    private final Map<String, Double> limits;

    /**
     * @param metric            what the cells are and which way is better (the report's {@code headline()})
     * @param publishedSetNames by column, the name of the set the method publishes, for the methods
     *                          that publish one (in column order)
     */
    public AblationTable(String title, HeadlineMetric metric, List<String> methods,
                         Map<String, String> publishedSetNames, List<SeedResult> seeds) {
        this(title, metric, methods, publishedSetNames, seeds, Map.of(), Map.of());
    }

    private AblationTable(String title, HeadlineMetric metric, List<String> methods,
                          Map<String, String> publishedSetNames, List<SeedResult> seeds,
                          Map<String, String> diagnostics, Map<String, Double> limits) {
        this.diagnostics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
        this.limits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(limits));
        if (seeds.isEmpty() || methods.isEmpty()) {
            throw new IllegalArgumentException("an ablation table needs at least one seed and one method");
        }
        this.title = title;
        this.metric = metric;
        this.methods = List.copyOf(methods);
        this.publishedSetNames = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(publishedSetNames));
        this.seeds = List.copyOf(seeds);
        for (SeedResult s : seeds) {
            for (String m : methods) {
                if (s.byMethod().get(m) == null) {
                    throw new IllegalArgumentException("seed " + s.seed() + " has no result for method " + m);
                }
            }
        }
        this.combinations = List.copyOf(seeds.get(0).byMethod().get(methods.get(0)).byCombination().keySet());
        for (SeedResult s : seeds) {
            for (String m : methods) {
                for (String c : combinations) {
                    if (s.byMethod().get(m).byCombination().get(c) == null) {
                        throw new IllegalArgumentException("combination " + c + " was not evaluated for method " + m
                                + " in seed " + s.seed());
                    }
                }
            }
        }
    }

    /**
     * This table with links to the diagnostics pages ({@code mmanet diagnose}), relative to the
     * results files: by label ("all seeds", "seed 1", ...), in order.
     */
    public AblationTable withDiagnostics(Map<String, String> links) {
        return new AblationTable(title, metric, methods, publishedSetNames, seeds, links, limits);
    }

    /**
     * This table with a last column: the best any classifier can do per combination on this corpus
     * (a generated corpus knows it: {@code BayesLimit}); the average row gets their mean.
     */
    public AblationTable withLimits(Map<String, Double> byCombination) {
        Map<String, Double> all = new LinkedHashMap<>();
        for (String c : combinations) {
            Double v = byCombination.get(c);
            if (v == null) {
                throw new IllegalArgumentException("no limit for combination " + c);
            }
            all.put(c, v);
        }
        all.put(AVERAGE, all.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        return new AblationTable(title, metric, methods, publishedSetNames, seeds, diagnostics, all);
    }

    static final String LIMIT_COLUMN = "lowest possible";

    /** Mean and sample standard deviation (n-1; 0 for one seed) of a cell, as fractions. */
    public record Cell(double mean, double std, int n) {
        String percent() {
            return n > 1 ? String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * std)
                    : String.format(Locale.ROOT, "%.2f", 100 * mean);
        }
    }

    public List<String> combinations() {
        return combinations;
    }

    /** @param combination a combination name, or {@link #AVERAGE} for the mean over combinations */
    public Cell cell(String combination, String method) {
        double[] values = new double[seeds.size()];
        for (int i = 0; i < values.length; i++) {
            Scores s = seeds.get(i).byMethod().get(method);
            values[i] = AVERAGE.equals(combination) ? s.mean() : s.byCombination().get(combination);
        }
        return stats(values);
    }

    static Cell stats(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double sq = 0;
        for (double v : values) {
            sq += (v - mean) * (v - mean);
        }
        double std = values.length > 1 ? Math.sqrt(sq / (values.length - 1)) : 0;
        return new Cell(mean, std, values.length);
    }

    private List<String> rows() {
        List<String> rows = new ArrayList<>(combinations);
        rows.add(AVERAGE);
        return rows;
    }

    /**
     * The method with the best mean on a row in the metric's direction (ties: the first in column
     * order; undefined means never win; null when all are undefined).
     */
    public String best(String row) {
        String best = null;
        double bestMean = Double.NaN;
        for (String m : methods) {
            double v = cell(row, m).mean();
            if (!Double.isNaN(v) && (best == null || metric.better(v, bestMean))) {
                bestMean = v;
                best = m;
            }
        }
        return best;
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(title).append("\n\n");
        sb.append(legend()).append("\n\n");
        sb.append("| combination |");
        methods.forEach(m -> sb.append(' ').append(m).append(" |"));
        if (!limits.isEmpty()) {
            sb.append(' ').append(LIMIT_COLUMN).append(" |");
        }
        sb.append("\n|---|");
        methods.forEach(m -> sb.append("---:|"));
        sb.append(limits.isEmpty() ? "" : "---:|");
        sb.append('\n');
        for (String row : rows()) {
            String best = best(row);
            sb.append("| ").append(AVERAGE.equals(row) ? "**average**" : row).append(" |");
            for (String m : methods) {
                String v = cell(row, m).percent();
                sb.append(' ').append(m.equals(best) ? "**" + v + "**" : v).append(" |");
            }
            if (!limits.isEmpty()) {
                sb.append(' ').append(limitPercent(row)).append(" |");
            }
            sb.append('\n');
        }
        if (!limits.isEmpty()) {
            sb.append('\n').append(LIMIT_LEGEND).append('\n');
        }
        for (Map.Entry<String, String> e : publishedSetNames.entrySet()) {
            sb.append('\n').append(publishedSets(e.getKey(), e.getValue())).append('\n');
        }
        if (!diagnostics.isEmpty()) {
            List<String> links = new ArrayList<>();
            diagnostics.forEach((label, link) -> links.add("[" + label + "](" + link + ")"));
            sb.append('\n').append(DIAGNOSTICS_LEGEND).append(": ").append(String.join(", ", links)).append(".\n");
        }
        return sb.toString();
    }

    static final String LIMIT_LEGEND = "Lowest possible: the corpus' information limit, the error of the best "
            + "classifier that sees which class each present modality shows (BayesLimit); no method can go below it "
            + "beyond test-set sampling.";

    private String limitPercent(String row) {
        return String.format(Locale.ROOT, "%.2f", 100 * limits.get(row));
    }

    /** What the cells are, over which seeds, and which way is better. */
    private String legend() {
        return String.format(Locale.ROOT, "%s in %%, mean ± std over %d seed(s) (%s); %s, %s per row in bold.",
                metric.label(), seeds.size(), seedList(), metric.direction(),
                metric.higherIsBetter() ? "highest" : "lowest");
    }

    /** "MMANet's mined weak set W per seed: seed 1: {rgb}; seed 2: —." for the method of {@code column}. */
    private String publishedSets(String column, String name) {
        List<String> parts = new ArrayList<>();
        for (SeedResult s : seeds) {
            List<String> set = s.publishedSets().get(column);
            parts.add("seed " + s.seed() + ": " + (set == null || set.isEmpty() ? "—" : "{" + String.join(", ", set) + "}"));
        }
        return name + " per seed: " + String.join("; ", parts) + ".";
    }

    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("title", title);
        root.put("metric", metric.label());
        root.put("higher_is_better", metric.higherIsBetter());
        ArrayNode ms = root.putArray("methods");
        methods.forEach(ms::add);
        ArrayNode rows = root.putArray("rows");
        for (String row : rows()) {
            ObjectNode r = rows.addObject();
            r.put("combination", row);
            ObjectNode cells = r.putObject("methods");
            for (String m : methods) {
                Cell c = cell(row, m);
                ObjectNode cn = cells.putObject(m);
                cn.put("mean", c.mean());
                cn.put("std", c.std());
                cn.put("seeds", c.n());
            }
            r.put("best", best(row));
            if (!limits.isEmpty()) {
                r.put("lowest_possible", limits.get(row));
            }
        }
        ArrayNode ss = root.putArray("seeds");
        for (SeedResult s : seeds) {
            ObjectNode sn = ss.addObject();
            sn.put("seed", s.seed());
            sn.put("seconds", s.seconds());
            ObjectNode sets = sn.putObject("published_sets");
            for (String column : publishedSetNames.keySet()) {
                ArrayNode w = sets.putArray(column);
                s.publishedSets().getOrDefault(column, List.of()).forEach(w::add);
            }
            ObjectNode per = sn.putObject("mean");
            for (String m : methods) {
                per.put(m, s.byMethod().get(m).mean());
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page with the table and a grouped bar chart (one series per method, error bars = std). */
    public String html() {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,"
                        + "td:first-child{text-align:left}.best{font-weight:bold}</style></head><body>");
        sb.append("<h2>").append(esc(title)).append("</h2><p>").append(esc(legend()))
                .append("</p><table><tr><th>combination</th>");
        methods.forEach(m -> sb.append("<th>").append(esc(m)).append("</th>"));
        sb.append(limits.isEmpty() ? "" : "<th>" + esc(LIMIT_COLUMN) + "</th>");
        sb.append("</tr>");
        for (String row : rows()) {
            String best = best(row);
            sb.append("<tr><td>").append(esc(row)).append("</td>");
            for (String m : methods) {
                sb.append(m.equals(best) ? "<td class=\"best\">" : "<td>").append(esc(cell(row, m).percent()))
                        .append("</td>");
            }
            sb.append(limits.isEmpty() ? "" : "<td>" + limitPercent(row) + "</td>");
            sb.append("</tr>");
        }
        sb.append("</table>");
        if (!limits.isEmpty()) {
            sb.append("<p>").append(esc(LIMIT_LEGEND)).append("</p>");
        }
        for (Map.Entry<String, String> e : publishedSetNames.entrySet()) {
            sb.append("<p>").append(esc(publishedSets(e.getKey(), e.getValue()))).append("</p>");
        }
        if (!diagnostics.isEmpty()) {
            sb.append("<p>").append(esc(DIAGNOSTICS_LEGEND)).append(": ");
            List<String> links = new ArrayList<>();
            diagnostics.forEach((label, link) -> links.add("<a href=\"" + esc(link) + "\">" + esc(label) + "</a>"));
            sb.append(String.join(", ", links)).append(".</p>");
        }
        sb.append(chart());
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private String chart() {
        List<String> rows = rows();
        double max = 0;
        for (String row : rows) {
            for (String m : methods) {
                Cell c = cell(row, m);
                max = Math.max(max, c.mean() + c.std());
            }
        }
        max = max <= 0 ? 1 : max * 1.1;
        int barW = 12;
        int groupW = barW * methods.size() + 16;
        int plotH = 240;
        int left = 50;
        int width = left + groupW * rows.size() + 150;
        int height = plotH + 70;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-size=\"11\">", width, height));
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            double y = 10 + plotH - plotH * t / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>", left, left + groupW * rows.size(),
                    y, y, left - 4, y + 4, 100 * v));
        }
        for (int r = 0; r < rows.size(); r++) {
            int x0 = left + r * groupW + 8;
            for (int m = 0; m < methods.size(); m++) {
                Cell c = cell(rows.get(r), methods.get(m));
                double h = plotH * c.mean() / max;
                double x = x0 + m * barW;
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                        + "fill=\"%s\"><title>%s %s: %s</title></rect>", x, 10 + plotH - h, barW - 2, h,
                        COLOURS[m % COLOURS.length], esc(methods.get(m)), esc(rows.get(r)), c.percent()));
                if (c.std() > 0) {
                    double yTop = 10 + plotH - plotH * (c.mean() + c.std()) / max;
                    double yBot = 10 + plotH - plotH * Math.max(0, c.mean() - c.std()) / max;
                    double cx = x + (barW - 2) / 2.0;
                    s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
                            + "stroke=\"#333\"/>", cx, cx, yTop, yBot));
                }
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    x0 + barW * methods.size() / 2, plotH + 26, esc(rows.get(r))));
        }
        for (int m = 0; m < methods.size(); m++) {
            int ly = 14 + m * 16;
            int lx = left + groupW * rows.size() + 20;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>", lx, ly, COLOURS[m % COLOURS.length], lx + 14, ly + 9,
                    esc(methods.get(m))));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" "
                + "text-anchor=\"middle\">%s (%%)</text>", 10 + plotH / 2, 10 + plotH / 2, esc(metric.label())));
        s.append("</svg>");
        return s.toString();
    }

    private String seedList() {
        List<String> s = new ArrayList<>();
        for (SeedResult r : seeds) {
            s.add(Long.toString(r.seed()));
        }
        return "seeds " + String.join(", ", s);
    }

    private static String esc(String s) {
        return io.mmanet.jobs.report.SvgCharts.esc(s);
    }
}
