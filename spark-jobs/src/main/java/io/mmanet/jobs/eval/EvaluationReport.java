package io.mmanet.jobs.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmanet.networks.metrics.CombinationMetrics;
import io.mmanet.networks.metrics.ModelMetrics;
import io.mmanet.networks.metrics.TaskMetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders one or more models' per-combination metrics as {@code metrics.json}, {@code report.md}
 * and {@code report.html} (a table and an inline-SVG bar chart of the error per combination, one
 * series per model). Pure: returns strings; the caller writes them.
 */
public final class EvaluationReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] COLOURS = {"#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860"};

    private final List<ModelMetrics> models;
    private final List<String> classNames;
    private final int bonaFideLabel;
    private final String dataUri;
    private final Map<String, List<TaskMetrics>> taskMetrics;

    /**
     * @param bonaFideLabel the bona-fide class of a binary task, or negative for multi-class
     */
    public EvaluationReport(List<ModelMetrics> models, List<String> classNames, int bonaFideLabel, String dataUri) {
        this(models, classNames, bonaFideLabel, dataUri, Map.of());
    }

    /**
     * @param taskMetrics per model name, its task's own metrics per combination ({@code Task.metrics},
     *                    e.g. segmentation's mIoU); a model without an entry has none
     */
    public EvaluationReport(List<ModelMetrics> models, List<String> classNames, int bonaFideLabel, String dataUri,
                            Map<String, List<TaskMetrics>> taskMetrics) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("nothing evaluated");
        }
        this.models = List.copyOf(models);
        this.classNames = List.copyOf(classNames);
        this.bonaFideLabel = bonaFideLabel;
        this.dataUri = dataUri;
        this.taskMetrics = Map.copyOf(taskMetrics);
    }

    /** The task metrics of {@code model} per combination (empty when its task has none). */
    public List<TaskMetrics> taskMetrics(String model) {
        return taskMetrics.getOrDefault(model, List.of()).stream().filter(t -> !t.isEmpty()).toList();
    }

    /** The task metrics of {@code model} on {@code combination}, or null. */
    public TaskMetrics taskMetrics(String model, String combination) {
        return taskMetrics(model).stream().filter(t -> t.combination().equals(combination)).findFirst().orElse(null);
    }

    /** Mean of each task metric of {@code model} over its combinations (NaN values skipped), keyed as in metrics.json. */
    public Map<String, Double> taskMeans(String model) {
        Map<String, Double> means = new LinkedHashMap<>();
        List<TaskMetrics> rows = taskMetrics(model);
        if (rows.isEmpty()) {
            return means;
        }
        for (String key : rows.get(0).values().keySet()) {
            means.put(key, rows.stream().mapToDouble(t -> t.values().getOrDefault(key, Double.NaN))
                    .filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN));
        }
        return means;
    }

    public List<ModelMetrics> models() {
        return models;
    }

    private boolean binary() {
        return bonaFideLabel >= 0 && classNames.size() == 2;
    }

    /** Name of the headline error: ACER for binary anti-spoofing, else 1 - accuracy. */
    public String errorName() {
        return binary() ? "ACER" : "error (1 - accuracy)";
    }

    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("data", dataUri);
        ArrayNode classes = root.putArray("classes");
        classNames.forEach(classes::add);
        if (bonaFideLabel >= 0) {
            root.put("bona_fide_label", bonaFideLabel);
        }
        root.put("error_metric", binary() ? "acer" : "1-accuracy");
        ArrayNode ms = root.putArray("models");
        for (ModelMetrics m : models) {
            ObjectNode mn = ms.addObject();
            mn.put("model", m.model());
            ArrayNode rows = mn.putArray("combinations");
            for (CombinationMetrics c : m.perCombination()) {
                ObjectNode r = rows.addObject();
                r.put("combination", c.combination());
                r.put("n", c.n());
                num(r, "accuracy", c.accuracy());
                if (bonaFideLabel >= 0) {
                    num(r, "apcer", c.apcer());
                    num(r, "bpcer", c.bpcer());
                    num(r, "acer", c.acer());
                }
                if (!binary()) {
                    num(r, "macro_f1", c.macroF1());
                }
                num(r, "error", c.error());
                TaskMetrics t = taskMetrics(m.model(), c.combination());
                if (t != null) {
                    t.values().forEach((k, v) -> num(r, k, v));
                    t.perClass().forEach((k, v) -> {
                        ObjectNode byClass = r.putObject(k + "_per_class");
                        for (int i = 0; i < v.length; i++) {
                            num(byClass, i < classNames.size() ? classNames.get(i) : Integer.toString(i), v[i]);
                        }
                    });
                }
            }
            ObjectNode mean = mn.putObject("mean");
            taskMeans(m.model()).forEach((k, v) -> num(mean, k, v));
            for (Map.Entry<String, Double> e : m.means().entrySet()) {
                boolean binaryOnly = e.getKey().equals("apcer") || e.getKey().equals("bpcer") || e.getKey().equals("acer");
                if ((binaryOnly && bonaFideLabel < 0) || (e.getKey().equals("macro_f1") && binary())) {
                    continue;
                }
                num(mean, e.getKey(), e.getValue());
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void num(ObjectNode n, String key, double v) {
        if (Double.isNaN(v)) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    /** Combinations in the first model's order, then any others. */
    private List<String> combinations() {
        List<String> all = new ArrayList<>();
        for (ModelMetrics m : models) {
            for (CombinationMetrics c : m.perCombination()) {
                if (!all.contains(c.combination())) {
                    all.add(c.combination());
                }
            }
        }
        return all;
    }

    private static Double value(ModelMetrics m, String combination) {
        for (CombinationMetrics c : m.perCombination()) {
            if (c.combination().equals(combination)) {
                return c.error();
            }
        }
        return null;
    }

    /** The per-combination error table (markdown), also printed by the CLI. */
    public String table() {
        StringBuilder sb = new StringBuilder("| combination | n |");
        for (ModelMetrics m : models) {
            sb.append(' ').append(m.model()).append(' ').append(errorName()).append(" |");
        }
        sb.append("\n|---|---:|");
        sb.append("---:|".repeat(models.size()));
        sb.append('\n');
        for (String c : combinations()) {
            long n = models.get(0).perCombination().stream().filter(x -> x.combination().equals(c))
                    .mapToLong(CombinationMetrics::n).findFirst().orElse(0);
            sb.append("| ").append(c).append(" | ").append(n).append(" |");
            for (ModelMetrics m : models) {
                sb.append(' ').append(pct(value(m, c))).append(" |");
            }
            sb.append('\n');
        }
        sb.append("| **mean** | |");
        for (ModelMetrics m : models) {
            sb.append(" **").append(pct(m.meanError())).append("** |");
        }
        sb.append('\n');
        return sb.toString();
    }

    /**
     * The headline task metric (the first of {@code Task.metrics}, e.g. segmentation's miou) per
     * combination, one column per model, and its mean; "" when no model has task metrics.
     */
    public String taskTable() {
        String key = headlineTaskMetric();
        if (key == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("| combination |");
        for (ModelMetrics m : models) {
            sb.append(' ').append(m.model()).append(' ').append(key).append(" |");
        }
        sb.append("\n|---|").append("---:|".repeat(models.size())).append('\n');
        for (String c : combinations()) {
            sb.append("| ").append(c).append(" |");
            for (ModelMetrics m : models) {
                TaskMetrics t = taskMetrics(m.model(), c);
                sb.append(' ').append(pct(t == null ? null : t.values().get(key))).append(" |");
            }
            sb.append('\n');
        }
        sb.append("| **mean** |");
        for (ModelMetrics m : models) {
            sb.append(" **").append(pct(taskMeans(m.model()).get(key))).append("** |");
        }
        return sb.append('\n').toString();
    }

    /** The first task metric's key (e.g. miou), or null when no model has task metrics. */
    public String headlineTaskMetric() {
        for (ModelMetrics m : models) {
            List<TaskMetrics> rows = taskMetrics(m.model());
            if (!rows.isEmpty() && !rows.get(0).values().isEmpty()) {
                return rows.get(0).values().keySet().iterator().next();
            }
        }
        return null;
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("# Evaluation per modality combination\n\n");
        sb.append("Data: `").append(dataUri).append("`. Classes: ").append(String.join(", ", classNames));
        if (bonaFideLabel >= 0) {
            sb.append(" (bona fide: ").append(classNames.get(bonaFideLabel)).append(')');
        }
        sb.append(".\nError per combination = ").append(errorName())
                .append("; the mean counts every combination once.\n\n");
        sb.append(table());
        sb.append("\n## Details\n\n");
        for (ModelMetrics m : models) {
            sb.append("### ").append(m.model()).append("\n\n");
            sb.append(binary() ? "| combination | n | accuracy | APCER | BPCER | ACER |\n|---|---:|---:|---:|---:|---:|\n"
                    : "| combination | n | accuracy | macro-F1 |\n|---|---:|---:|---:|\n");
            for (CombinationMetrics c : m.perCombination()) {
                sb.append("| ").append(c.combination()).append(" | ").append(c.n()).append(" | ")
                        .append(pct(c.accuracy())).append(" | ");
                if (binary()) {
                    sb.append(pct(c.apcer())).append(" | ").append(pct(c.bpcer())).append(" | ")
                            .append(pct(c.acer())).append(" |\n");
                } else {
                    sb.append(pct(c.macroF1())).append(" |\n");
                }
            }
            sb.append('\n');
            taskTable(sb, m.model());
        }
        return sb.toString();
    }

    /** The model's task metrics per combination (values, then each per-class metric by class), if any. */
    private void taskTable(StringBuilder sb, String model) {
        List<TaskMetrics> rows = taskMetrics(model);
        if (rows.isEmpty()) {
            return;
        }
        TaskMetrics first = rows.get(0);
        StringBuilder head = new StringBuilder("| combination |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String k : first.values().keySet()) {
            head.append(' ').append(k).append(" |");
            rule.append("---:|");
        }
        first.perClass().forEach((k, v) -> {
            for (int i = 0; i < v.length; i++) {
                head.append(' ').append(k).append(' ').append(i < classNames.size() ? classNames.get(i) : i).append(" |");
                rule.append("---:|");
            }
        });
        sb.append("Task metrics of ").append(model).append(":\n\n").append(head).append('\n').append(rule).append('\n');
        for (TaskMetrics t : rows) {
            sb.append("| ").append(t.combination()).append(" |");
            t.values().values().forEach(v -> sb.append(' ').append(pct(v)).append(" |"));
            t.perClass().values().forEach(v -> {
                for (double x : v) {
                    sb.append(' ').append(pct(x)).append(" |");
                }
            });
            sb.append('\n');
        }
        sb.append("| **mean** |");
        taskMeans(model).values().forEach(v -> sb.append(" **").append(pct(v)).append("** |"));
        sb.append(" |".repeat(first.perClass().values().stream().mapToInt(v -> v.length).sum())).append("\n\n");
    }

    public String html() {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                + "<title>mmanet evaluation</title><style>body{font-family:sans-serif;margin:2em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                + "td:first-child,th:first-child{text-align:left}</style></head><body>\n");
        sb.append("<h1>Evaluation per modality combination</h1>\n<p>Data: <code>").append(esc(dataUri))
                .append("</code>. Error per combination = ").append(esc(errorName())).append(".</p>\n");
        sb.append(svgChart());
        sb.append("<table><tr><th>combination</th><th>n</th>");
        for (ModelMetrics m : models) {
            sb.append("<th>").append(esc(m.model())).append("</th>");
        }
        sb.append("</tr>\n");
        for (String c : combinations()) {
            long n = models.get(0).perCombination().stream().filter(x -> x.combination().equals(c))
                    .mapToLong(CombinationMetrics::n).findFirst().orElse(0);
            sb.append("<tr><td>").append(esc(c)).append("</td><td>").append(n).append("</td>");
            for (ModelMetrics m : models) {
                sb.append("<td>").append(pct(value(m, c))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("<tr><th>mean</th><th></th>");
        for (ModelMetrics m : models) {
            sb.append("<th>").append(pct(m.meanError())).append("</th>");
        }
        sb.append("</tr></table>\n</body></html>\n");
        return sb.toString();
    }

    /** Grouped bar chart: one group per combination, one bar per model; mean as the last group. */
    String svgChart() {
        List<String> groups = new ArrayList<>(combinations());
        groups.add("mean");
        int barW = 18;
        int gap = 14;
        int groupW = barW * models.size() + gap;
        int left = 50;
        int top = 20;
        int plotH = 220;
        int width = left + groupW * groups.size() + 20;
        int height = top + plotH + 90;
        double max = 0;
        for (ModelMetrics m : models) {
            for (String g : groups) {
                Double v = g.equals("mean") ? m.meanError() : value(m, g);
                if (v != null && !Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        max = max <= 0 ? 1 : Math.min(1, Math.ceil(max * 10 + 1e-9) / 10);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "role=\"img\" aria-label=\"%s per combination\">\n", width, height, esc(errorName())));
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            double y = top + plotH - plotH * t / 4.0;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>\n",
                    left, y, width - 20, y, left - 4, y + 3, pct(v)));
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            String g = groups.get(gi);
            int x0 = left + gi * groupW + gap / 2;
            for (int mi = 0; mi < models.size(); mi++) {
                ModelMetrics m = models.get(mi);
                Double v = g.equals("mean") ? m.meanError() : value(m, g);
                if (v == null || Double.isNaN(v)) {
                    continue;
                }
                double h = plotH * v / max;
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s %s: %s</title></rect>\n", x0 + mi * barW, top + plotH - h, barW - 2, h,
                        COLOURS[mi % COLOURS.length], esc(m.model()), esc(g), pct(v)));
            }
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\" "
                            + "transform=\"rotate(-40 %d %d)\">%s</text>\n", x0 + barW * models.size() / 2,
                    top + plotH + 14, x0 + barW * models.size() / 2, top + plotH + 14, esc(g)));
        }
        for (int mi = 0; mi < models.size(); mi++) {
            int y = top + plotH + 60 + 0;
            int x = left + mi * 140;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>\n", x, y, COLOURS[mi % COLOURS.length],
                    x + 14, y + 9, esc(models.get(mi).model())));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    static String pct(Double v) {
        return v == null || Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
