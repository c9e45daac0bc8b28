package io.mmanet.jobs.ablation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmanet.networks.metrics.CombinationMetrics;
import io.mmanet.networks.metrics.ModelMetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ablation results in the layout of the paper's Tables 2 and 6: one row per modality
 * combination plus the average over combinations, one column per method, each cell the mean and
 * standard deviation over seeds of the headline error (ACER for binary anti-spoofing, 1 - accuracy
 * otherwise), in percent. Pure: it renders strings; the job writes them.
 */
public final class AblationTable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] COLOURS = {"#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860",
            "#DA8BC3", "#8C8C8C"};
    static final String AVERAGE = "average";

    /** One seed's evaluation: the metrics of every method and the weak set MMANet mined. */
    public record SeedResult(long seed, Map<String, ModelMetrics> byMethod, List<String> weakSet, double seconds) {
    }

    private final String title;
    private final String errorName;
    private final List<String> methods;
    private final List<String> combinations;
    private final List<SeedResult> seeds;

    public AblationTable(String title, String errorName, List<String> methods, List<SeedResult> seeds) {
        if (seeds.isEmpty() || methods.isEmpty()) {
            throw new IllegalArgumentException("an ablation table needs at least one seed and one method");
        }
        this.title = title;
        this.errorName = errorName;
        this.methods = List.copyOf(methods);
        this.seeds = List.copyOf(seeds);
        List<String> combos = new ArrayList<>();
        for (CombinationMetrics c : seeds.get(0).byMethod().get(methods.get(0)).perCombination()) {
            combos.add(c.combination());
        }
        this.combinations = List.copyOf(combos);
        for (SeedResult s : seeds) {
            for (String m : methods) {
                ModelMetrics mm = s.byMethod().get(m);
                if (mm == null) {
                    throw new IllegalArgumentException("seed " + s.seed() + " has no result for method " + m);
                }
                for (String c : combinations) {
                    mm.combination(c); // throws, naming the model, when a combination is missing
                }
            }
        }
    }

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
            ModelMetrics mm = seeds.get(i).byMethod().get(method);
            values[i] = AVERAGE.equals(combination) ? mm.meanError() : mm.combination(combination).error();
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

    /** The method with the lowest mean error on a row (ties: the first in column order). */
    public String best(String row) {
        String best = null;
        double bestMean = Double.POSITIVE_INFINITY;
        for (String m : methods) {
            double v = cell(row, m).mean();
            if (v < bestMean) {
                bestMean = v;
                best = m;
            }
        }
        return best;
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(title).append("\n\n");
        sb.append(String.format(Locale.ROOT, "%s in %%, mean ± std over %d seed(s) (%s); lowest per row in bold.%n%n",
                errorName, seeds.size(), seedList()));
        sb.append("| combination |");
        methods.forEach(m -> sb.append(' ').append(m).append(" |"));
        sb.append("\n|---|");
        methods.forEach(m -> sb.append("---:|"));
        sb.append('\n');
        for (String row : rows()) {
            String best = best(row);
            sb.append("| ").append(AVERAGE.equals(row) ? "**average**" : row).append(" |");
            for (String m : methods) {
                String v = cell(row, m).percent();
                sb.append(' ').append(m.equals(best) ? "**" + v + "**" : v).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\nWeak set mined by MMANet per seed: ");
        List<String> parts = new ArrayList<>();
        for (SeedResult s : seeds) {
            parts.add("seed " + s.seed() + ": " + (s.weakSet() == null || s.weakSet().isEmpty() ? "—"
                    : "{" + String.join(", ", s.weakSet()) + "}"));
        }
        sb.append(String.join("; ", parts)).append(".\n");
        return sb.toString();
    }

    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("title", title);
        root.put("error_metric", errorName);
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
        }
        ArrayNode ss = root.putArray("seeds");
        for (SeedResult s : seeds) {
            ObjectNode sn = ss.addObject();
            sn.put("seed", s.seed());
            sn.put("seconds", s.seconds());
            ArrayNode w = sn.putArray("weak_set");
            if (s.weakSet() != null) {
                s.weakSet().forEach(w::add);
            }
            ObjectNode per = sn.putObject("mean_error");
            for (String m : methods) {
                per.put(m, s.byMethod().get(m).meanError());
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
        sb.append("<h2>").append(esc(title)).append("</h2><p>").append(esc(errorName))
                .append(" in %, mean ± std over ").append(seeds.size()).append(" seed(s) (").append(esc(seedList()))
                .append(").</p><table><tr><th>combination</th>");
        methods.forEach(m -> sb.append("<th>").append(esc(m)).append("</th>"));
        sb.append("</tr>");
        for (String row : rows()) {
            String best = best(row);
            sb.append("<tr><td>").append(esc(row)).append("</td>");
            for (String m : methods) {
                sb.append(m.equals(best) ? "<td class=\"best\">" : "<td>").append(esc(cell(row, m).percent()))
                        .append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</table>");
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
                + "text-anchor=\"middle\">%s (%%)</text>", 10 + plotH / 2, 10 + plotH / 2, esc(errorName)));
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
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Metrics by method name, in the order given. */
    static Map<String, ModelMetrics> byName(List<ModelMetrics> metrics) {
        Map<String, ModelMetrics> m = new LinkedHashMap<>();
        for (ModelMetrics mm : metrics) {
            m.put(mm.model(), mm);
        }
        return m;
    }
}
