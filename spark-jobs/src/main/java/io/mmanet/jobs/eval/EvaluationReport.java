package io.mmanet.jobs.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmanet.networks.metrics.CombinationMetrics;
import io.mmanet.networks.metrics.HeadlineMetric;
import io.mmanet.networks.metrics.ModelMetrics;
import io.mmanet.networks.metrics.TaskMetrics;
import io.mmanet.networks.task.Task;
import io.mmanet.networks.task.Tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders one or more models' per-combination metrics as {@code metrics.json}, {@code report.md}
 * and {@code report.html} (a table and an inline-SVG bar chart of the error per combination, one
 * series per model). A task with its own metrics (segmentation) adds them: tables per model, and
 * in the HTML a chart of its headline metric ({@link Task#headline()}, mIoU) per combination; a
 * {@link MaskGallery} adds the predicted masks. Pure: returns strings; the caller writes them.
 */
public final class EvaluationReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] COLOURS = {"#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860"};

    private final List<ModelMetrics> models;
    private final List<String> classNames;
    private final int bonaFideLabel;
    private final String dataUri;
    private final Task task;
    private final Map<String, List<TaskMetrics>> taskMetrics;
    private final MaskGallery masks;

    /**
     * A classification report.
     *
     * @param bonaFideLabel the bona-fide class of a binary task, or negative for multi-class
     */
    public EvaluationReport(List<ModelMetrics> models, List<String> classNames, int bonaFideLabel, String dataUri) {
        this(models, classNames, bonaFideLabel, dataUri, Tasks.classification(), Map.of());
    }

    /**
     * @param task        the models' task: it names the accuracy and chooses the headline metric
     * @param taskMetrics per model name, its task's own metrics per combination ({@code Task.metrics},
     *                    e.g. segmentation's mIoU); a model without an entry has none
     */
    public EvaluationReport(List<ModelMetrics> models, List<String> classNames, int bonaFideLabel, String dataUri,
                            Task task, Map<String, List<TaskMetrics>> taskMetrics) {
        this(models, classNames, bonaFideLabel, dataUri, task, taskMetrics, null);
    }

    private EvaluationReport(List<ModelMetrics> models, List<String> classNames, int bonaFideLabel, String dataUri,
                             Task task, Map<String, List<TaskMetrics>> taskMetrics, MaskGallery masks) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("nothing evaluated");
        }
        this.models = List.copyOf(models);
        this.classNames = List.copyOf(classNames);
        this.bonaFideLabel = bonaFideLabel;
        this.dataUri = dataUri;
        this.task = task;
        this.taskMetrics = Map.copyOf(taskMetrics);
        this.masks = masks;
    }

    /** This report with the predicted masks' grid (segmentation) in report.md and report.html. */
    public EvaluationReport withMasks(MaskGallery gallery) {
        return new EvaluationReport(models, classNames, bonaFideLabel, dataUri, task, taskMetrics, gallery);
    }

    /** The predicted masks' grid, or null. */
    public MaskGallery masks() {
        return masks;
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

    /** Name of the error: ACER for binary anti-spoofing, else 1 - the task's accuracy (segmentation: pixel accuracy). */
    public String errorName() {
        return binary() ? "ACER" : "error (1 - " + task.accuracyName() + ")";
    }

    /** What the confusion matrix's accuracy counts, as the task names it ("accuracy", "pixel accuracy"). */
    public String accuracyName() {
        return task.accuracyName();
    }

    /** The task's headline metric; the error named as {@link #errorName()}. */
    public HeadlineMetric headline() {
        return task.headline().isError() ? error() : task.headline();
    }

    /** The confusion matrix's error as a metric, named as {@link #errorName()}. */
    private HeadlineMetric error() {
        return new HeadlineMetric(HeadlineMetric.ERROR_KEY, errorName(), false);
    }

    /** The headline metric of {@code m} on {@code combination}, or null when not evaluated. */
    public Double headlineValue(ModelMetrics m, String combination) {
        if (headline().isError()) {
            return value(m, combination);
        }
        TaskMetrics t = taskMetrics(m.model(), combination);
        return t == null ? null : t.values().get(headline().key());
    }

    /** The headline metric of {@code m} per combination, in evaluation order (null where not evaluated). */
    public Map<String, Double> headlineByCombination(ModelMetrics m) {
        Map<String, Double> byCombination = new LinkedHashMap<>();
        for (CombinationMetrics c : m.perCombination()) {
            byCombination.put(c.combination(), headlineValue(m, c.combination()));
        }
        return byCombination;
    }

    /** The mean of the headline metric of {@code m} over its combinations. */
    public double headlineMean(ModelMetrics m) {
        return headline().isError() ? m.meanError() : taskMeans(m.model()).getOrDefault(headline().key(), Double.NaN);
    }

    /** The headline metric's table (markdown), what the CLI prints: {@link #table()} or {@link #taskTable()}. */
    public String headlineTable() {
        return headline().isError() ? table() : taskTable();
    }

    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("data", dataUri);
        ArrayNode classes = root.putArray("classes");
        classNames.forEach(classes::add);
        if (bonaFideLabel >= 0) {
            root.put("bona_fide_label", bonaFideLabel);
        }
        root.put("error_metric", binary() ? "acer" : "1-" + task.accuracyName().replace(' ', '_'));
        if (!headline().isError()) {
            root.put("headline_metric", headline().key());
            root.put("higher_is_better", headline().higherIsBetter());
        }
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
     * The task's headline metric ({@link Task#headline()}, e.g. segmentation's mIoU) per
     * combination, one column per model, and its mean; "" when the headline is the error.
     */
    public String taskTable() {
        HeadlineMetric h = headline();
        if (h.isError()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("| combination |");
        for (ModelMetrics m : models) {
            sb.append(' ').append(m.model()).append(' ').append(h.label()).append(" |");
        }
        sb.append("\n|---|").append("---:|".repeat(models.size())).append('\n');
        for (String c : combinations()) {
            sb.append("| ").append(c).append(" |");
            for (ModelMetrics m : models) {
                sb.append(' ').append(pct(headlineValue(m, c))).append(" |");
            }
            sb.append('\n');
        }
        sb.append("| **mean** |");
        for (ModelMetrics m : models) {
            sb.append(" **").append(pct(headlineMean(m))).append("** |");
        }
        return sb.append('\n').toString();
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("# Evaluation per modality combination\n\n");
        sb.append("Data: `").append(dataUri).append("`. Classes: ").append(String.join(", ", classNames));
        if (bonaFideLabel >= 0) {
            sb.append(" (bona fide: ").append(classNames.get(bonaFideLabel)).append(')');
        }
        sb.append(".\nError per combination = ").append(errorName())
                .append("; the mean counts every combination once.\n\n");
        if (!headline().isError()) {
            sb.append(headline().label()).append(" per combination (").append(headline().direction()).append("):\n\n")
                    .append(taskTable()).append('\n').append(errorName()).append(" per combination:\n\n");
        }
        sb.append(table());
        sb.append("\n## Details\n\n");
        for (ModelMetrics m : models) {
            sb.append("### ").append(m.model()).append("\n\n");
            sb.append(binary() ? "| combination | n | accuracy | APCER | BPCER | ACER |\n|---|---:|---:|---:|---:|---:|\n"
                    : "| combination | n | " + task.accuracyName() + " | macro-F1 |\n|---|---:|---:|---:|\n");
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
            List<List<String>> rows = taskRows(m.model());
            if (!rows.isEmpty()) {
                sb.append("Task metrics of ").append(m.model()).append(":\n\n");
                for (int r = 0; r < rows.size(); r++) {
                    sb.append('|');
                    rows.get(r).forEach(cell -> sb.append(' ').append(cell).append(" |"));
                    sb.append('\n');
                    if (r == 0) {
                        sb.append("|---|").append("---:|".repeat(rows.get(0).size() - 1)).append('\n');
                    }
                }
                sb.append('\n');
            }
        }
        if (masks != null) {
            sb.append(masks.markdown());
        }
        return sb.toString();
    }

    /**
     * The model's task metrics as a table: a heading row, one row per combination (values, then
     * each per-class metric by class), and the mean row (the mean in bold, per-class cells empty);
     * empty when the model has none.
     */
    private List<List<String>> taskRows(String model) {
        List<TaskMetrics> rows = taskMetrics(model);
        if (rows.isEmpty()) {
            return List.of();
        }
        TaskMetrics first = rows.get(0);
        List<List<String>> table = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("combination"));
        head.addAll(first.values().keySet());
        first.perClass().forEach((k, v) -> {
            for (int i = 0; i < v.length; i++) {
                head.add(k + " " + (i < classNames.size() ? classNames.get(i) : Integer.toString(i)));
            }
        });
        table.add(head);
        for (TaskMetrics t : rows) {
            List<String> row = new ArrayList<>(List.of(t.combination()));
            t.values().values().forEach(v -> row.add(pct(v)));
            t.perClass().values().forEach(v -> {
                for (double x : v) {
                    row.add(pct(x));
                }
            });
            table.add(row);
        }
        List<String> mean = new ArrayList<>(List.of("**mean**"));
        taskMeans(model).values().forEach(v -> mean.add("**" + pct(v) + "**"));
        while (mean.size() < head.size()) {
            mean.add("");
        }
        table.add(mean);
        return table;
    }

    public String html() {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                + "<title>mmanet evaluation</title><style>body{font-family:sans-serif;margin:2em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                + "td:first-child,th:first-child{text-align:left}</style></head><body>\n");
        sb.append("<h1>Evaluation per modality combination</h1>\n<p>Data: <code>").append(esc(dataUri))
                .append("</code>. Error per combination = ").append(esc(errorName())).append(".</p>\n");
        if (!headline().isError()) {
            htmlTaskSection(sb);
            sb.append("<h2>").append(esc(errorName())).append(" per combination</h2>\n");
        }
        sb.append(svgChart(error()));
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
        sb.append("</tr></table>\n");
        if (masks != null) {
            sb.append(masks.html());
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    /** The task's headline chart ({@link Task#headline()}, e.g. mIoU) and every model's task-metrics table. */
    private void htmlTaskSection(StringBuilder sb) {
        HeadlineMetric h = headline();
        sb.append("<h2>").append(esc(h.label())).append(" per combination (").append(h.direction())
                .append(")</h2>\n").append(svgChart(h));
        for (ModelMetrics m : models) {
            List<List<String>> rows = taskRows(m.model());
            if (rows.isEmpty()) {
                continue;
            }
            sb.append("<h3>Task metrics of ").append(esc(m.model())).append("</h3>\n<table>");
            for (int r = 0; r < rows.size(); r++) {
                String cell = r == 0 ? "th" : "td";
                sb.append("<tr>");
                for (String v : rows.get(r)) {
                    boolean bold = v.startsWith("**");
                    String text = esc(bold ? v.replace("**", "") : v);
                    sb.append('<').append(bold ? "th" : cell).append('>').append(text).append("</")
                            .append(bold ? "th" : cell).append('>');
                }
                sb.append("</tr>\n");
            }
            sb.append("</table>\n");
        }
    }

    /** Grouped bar chart of {@code metric}: one group per combination, one bar per model; mean as the last group. */
    String svgChart(HeadlineMetric metric) {
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
                Double v = chartValue(metric, m, g);
                if (v != null && !Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        max = max <= 0 ? 1 : Math.min(1, Math.ceil(max * 10 + 1e-9) / 10);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "role=\"img\" aria-label=\"%s per combination\">\n", width, height, esc(metric.label())));
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
                Double v = chartValue(metric, m, g);
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

    private Double chartValue(HeadlineMetric metric, ModelMetrics m, String group) {
        if (metric.isError()) {
            return group.equals("mean") ? m.meanError() : value(m, group);
        }
        return group.equals("mean") ? headlineMean(m) : headlineValue(m, group);
    }

    static String pct(Double v) {
        return v == null || Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    static String esc(String s) {
        return io.mmanet.jobs.report.SvgCharts.esc(s);
    }
}
