package io.mmanet.jobs.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmanet.jobs.checkpoint.EpochRecord;
import io.mmanet.jobs.diagnostics.SeedDiagnostics.MarSummary;
import io.mmanet.jobs.diagnostics.SeedDiagnostics.Point;
import io.mmanet.jobs.diagnostics.SeedDiagnostics.RunCurves;
import io.mmanet.jobs.diagnostics.SeedDiagnostics.TeacherSummary;
import io.mmanet.jobs.report.SvgCharts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import static io.mmanet.jobs.report.SvgCharts.esc;

/**
 * Renders the diagnostics of a seed as {@code diagnostics.json} (every number) and
 * {@code diagnostics.html} (charts), and the cross-seed index page. Pure: returns strings.
 */
public final class DiagnosticsPage {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String MEAN = "mean";
    private static final String STYLE = "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child"
            + "{text-align:left}.charts svg{margin:0 1em 1em 0}</style>";

    private DiagnosticsPage() {
    }

    /** The combinations any run was evaluated on, in evaluation (canonical) order of the unified models first. */
    static List<String> combinations(SeedDiagnostics d) {
        Set<String> all = new LinkedHashSet<>();
        d.runs().stream().filter(r -> r.combination() == null).forEach(r -> r.points().forEach(p -> all.addAll(p.headline().keySet())));
        d.runs().forEach(r -> r.points().forEach(p -> all.addAll(p.headline().keySet())));
        return new ArrayList<>(all);
    }

    /**
     * One line per column (method) of the headline metric on {@code combination} over the epochs;
     * {@link #MEAN} averages a column's combinations per epoch (for SF over its per-combination runs,
     * only at epochs every one of them has).
     */
    static List<SvgCharts.Series> headlineSeries(SeedDiagnostics d, String combination) {
        Map<String, Map<Integer, List<Double>>> byColumn = new LinkedHashMap<>();
        List<String> combos = combinations(d);
        for (RunCurves r : d.runs()) {
            for (Point p : r.points()) {
                if (MEAN.equals(combination)) {
                    p.headline().forEach((c, v) -> byColumn.computeIfAbsent(r.column(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(p.epoch(), k -> new ArrayList<>()).add(v));
                } else if (p.headline().containsKey(combination)) {
                    byColumn.computeIfAbsent(r.column(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(p.epoch(), k -> new ArrayList<>()).add(p.headline().get(combination));
                }
            }
        }
        List<SvgCharts.Series> series = new ArrayList<>();
        List<String> columns = d.runs().stream().map(RunCurves::column).distinct().toList();
        byColumn.forEach((column, epochs) -> {
            List<Integer> keep = epochs.keySet().stream().sorted()
                    .filter(e -> !MEAN.equals(combination) || epochs.get(e).size() == combos.size()).toList();
            if (keep.isEmpty()) {
                return;
            }
            double[] x = new double[keep.size()];
            double[] y = new double[keep.size()];
            for (int i = 0; i < keep.size(); i++) {
                x[i] = keep.get(i);
                y[i] = epochs.get(keep.get(i)).stream().mapToDouble(v -> v == null ? Double.NaN : v).average()
                        .orElse(Double.NaN);
            }
            series.add(new SvgCharts.Series(column, x, y, columns.indexOf(column)));
        });
        return series;
    }

    /** One line per run of a loss-history value over the epochs (runs where it is NaN throughout are left out). */
    static List<SvgCharts.Series> historySeries(SeedDiagnostics d, ToDoubleFunction<EpochRecord> value) {
        List<SvgCharts.Series> series = new ArrayList<>();
        for (int i = 0; i < d.runs().size(); i++) {
            RunCurves r = d.runs().get(i);
            double[] x = r.history().stream().mapToDouble(EpochRecord::epoch).toArray();
            double[] y = r.history().stream().mapToDouble(value).toArray();
            if (java.util.Arrays.stream(y).anyMatch(Double::isFinite)) {
                series.add(new SvgCharts.Series(r.run(), x, y, i));
            }
        }
        return series;
    }

    /** One line per training-graph output of {@code r}'s gradient norms over the epochs. */
    static List<SvgCharts.Series> gradientSeries(RunCurves r) {
        Set<String> outputs = new LinkedHashSet<>();
        r.points().forEach(p -> outputs.addAll(p.gradientNorms().keySet()));
        List<SvgCharts.Series> series = new ArrayList<>();
        for (String o : outputs) {
            double[] x = r.points().stream().mapToDouble(Point::epoch).toArray();
            double[] y = r.points().stream().mapToDouble(p -> p.gradientNorms().getOrDefault(o, Double.NaN)).toArray();
            series.add(new SvgCharts.Series(o, x, y));
        }
        return series;
    }

    public static String json(SeedDiagnostics d) {
        ObjectNode root = JSON.createObjectNode();
        root.put("seed", d.seed());
        root.put("split", d.split());
        root.put("metric", d.metric().label());
        root.put("metric_key", d.metric().key());
        root.put("higher_is_better", d.metric().higherIsBetter());
        root.put("seconds", d.seconds());
        ArrayNode runs = root.putArray("runs");
        for (RunCurves r : d.runs()) {
            ObjectNode rn = runs.addObject();
            rn.put("run", r.run());
            rn.put("column", r.column());
            rn.put("method", r.method());
            rn.put("combination", r.combination());
            ArrayNode points = rn.putArray("epochs");
            for (Point p : r.points()) {
                ObjectNode pn = points.addObject();
                pn.put("epoch", p.epoch());
                ObjectNode h = pn.putObject("headline");
                p.headline().forEach((c, v) -> num(h, c, v == null ? Double.NaN : v));
                num(pn, "mean", p.mean());
                ObjectNode g = pn.putObject("gradient_norms");
                p.gradientNorms().forEach((o, v) -> num(g, o, v));
            }
            ArrayNode history = rn.putArray("loss_history");
            for (EpochRecord e : r.history()) {
                ObjectNode en = history.addObject();
                en.put("epoch", e.epoch());
                num(en, "score", e.score());
                num(en, "ce", e.ce());
                num(en, "mad", e.mad());
                num(en, "mar", e.mar());
                num(en, "learning_rate", e.learningRate());
                num(en, "seconds", e.seconds());
            }
        }
        if (d.teacher() != null) {
            TeacherSummary t = d.teacher();
            ObjectNode tn = root.putObject("teacher");
            tn.put("run", t.run());
            tn.put("epoch", t.epoch());
            num(tn, "headline", t.headline());
            num(tn, "accuracy", t.accuracy());
            tn.put("counted", t.counted());
            num(tn, "mean_entropy", t.meanEntropy());
            num(tn, "median_entropy", t.medianEntropy());
            num(tn, "confidently_wrong_fraction", t.confidentlyWrong());
            tn.put("confident_probability", t.confidentProbability());
            ArrayNode edges = tn.putArray("entropy_edges");
            for (double e : t.edges()) {
                edges.add(e);
            }
            ArrayNode counts = tn.putArray("entropy_counts");
            for (long c : t.counts()) {
                counts.add(c);
            }
        }
        if (d.mar() != null) {
            MarSummary m = d.mar();
            ObjectNode mn = root.putObject("mar");
            mn.put("run", m.run());
            mn.put("weak_combination", m.weakCombination());
            m.weakSet().forEach(mn.putArray("weak_set")::add);
            ObjectNode md = mn.putObject("mean_discrepancy");
            m.meanDiscrepancy().forEach((c, v) -> num(md, c, v));
            if (m.memoryBank() != null) {
                mn.set("memory_bank", m.memoryBank());
            }
        }
        return write(root);
    }

    public static String html(SeedDiagnostics d) {
        StringBuilder sb = head("mmanet diagnostics, seed " + d.seed());
        sb.append("<h1>Diagnostics of seed ").append(esc(d.seed())).append("</h1>\n<p>Runs in <code>")
                .append(esc(d.seedDir())).append("</code>; every kept epoch checkpoint's deployment network evaluated on the <b>")
                .append(esc(d.split())).append("</b> split. ").append(esc(d.metric().label())).append(": ")
                .append(esc(d.metric().direction())).append(". Numbers: <a href=\"diagnostics.json\">diagnostics.json</a>.</p>\n");
        sb.append("<h2>").append(esc(d.metric().label())).append(" on ").append(esc(d.split()))
                .append(" per epoch, by combination</h2>\n<div class=\"charts\">\n");
        List<String> charts = new ArrayList<>(combinations(d));
        charts.add(MEAN);
        for (String c : charts) {
            sb.append(SvgCharts.lines(c, "epoch", d.metric().label(), headlineSeries(d, c), SvgCharts::percent));
        }
        sb.append("</div>\n<h2>Loss terms per epoch</h2>\n<p>Score: mean training loss of the epoch (all terms, weighted);"
                + " CE, MAD, MAR: each output's unweighted loss on the epoch's probe batch (TrainingState history).</p>\n"
                + "<div class=\"charts\">\n");
        Map<String, ToDoubleFunction<EpochRecord>> terms = new LinkedHashMap<>();
        terms.put("score", EpochRecord::score);
        terms.put("CE", EpochRecord::ce);
        terms.put("MAD", EpochRecord::mad);
        terms.put("MAR", EpochRecord::mar);
        terms.put("learning rate", EpochRecord::learningRate);
        terms.forEach((name, f) -> {
            List<SvgCharts.Series> s = historySeries(d, f);
            if (!s.isEmpty()) {
                sb.append(SvgCharts.lines(name, "epoch", name, s, SvgCharts::number));
            }
        });
        sb.append("</div>\n");
        List<RunCurves> measured = d.runs().stream()
                .filter(r -> r.points().stream().anyMatch(p -> !p.gradientNorms().isEmpty())).toList();
        sb.append("<h2>Term gradient norms at the deployment network</h2>\n");
        if (measured.isEmpty()) {
            sb.append("<p>Not measured (no run with more than one output, or not available in this build).</p>\n");
        } else {
            sb.append("<p>Per output of the training graph: the L2 norm of that output's loss gradient over the"
                    + " deployment network's parameters, on a probe batch of the split built as training builds"
                    + " its batches. Log scale: a term that is off (0, e.g. during warm-up) has no point;"
                    + " diagnostics.json has every value.</p>\n<div class=\"charts\">\n");
            measured.forEach(r -> sb.append(SvgCharts.lines(r.run(), "epoch", "gradient L2 norm", gradientSeries(r),
                    SvgCharts::number, true)));
            sb.append("</div>\n");
        }
        teacher(sb, d.teacher(), d.split());
        mar(sb, d.mar());
        return sb.append("</body></html>\n").toString();
    }

    private static void teacher(StringBuilder sb, TeacherSummary t, String split) {
        sb.append("<h2>Teacher</h2>\n");
        if (t == null) {
            sb.append("<p>No teacher run in this seed.</p>\n");
            return;
        }
        sb.append(String.format(Locale.ROOT, "<table><tr><th>final epoch</th><td>%d</td></tr><tr><th>headline on %s"
                        + " (full)</th><td>%s</td></tr><tr><th>accuracy</th><td>%s</td></tr><tr><th>predictions counted"
                        + "</th><td>%d</td></tr><tr><th>entropy mean / median (nats, max ln K = %.3f)</th><td>%.4f / %.4f"
                        + "</td></tr><tr><th>confidently wrong (top probability &ge; %.2f)</th><td>%s</td></tr></table>\n",
                t.epoch(), esc(split), SvgCharts.percent(t.headline()), SvgCharts.percent(t.accuracy()), t.counted(),
                t.edges()[t.edges().length - 1], t.meanEntropy(), t.medianEntropy(), t.confidentProbability(),
                SvgCharts.percent(t.confidentlyWrong())));
        sb.append(SvgCharts.histogram("teacher prediction entropy on " + split, "entropy (nats)", t.edges(),
                t.counts()));
    }

    private static void mar(StringBuilder sb, MarSummary m) {
        sb.append("<h2>MAR: weak set and memory bank</h2>\n");
        if (m == null) {
            sb.append("<p>No run mined a weak set.</p>\n");
            return;
        }
        sb.append("<p>Run <code>").append(esc(m.run())).append("</code>: weak combination c* = <b>")
                .append(esc(m.weakCombination())).append("</b>, weak set W = {").append(esc(String.join(", ", m.weakSet())))
                .append("}.</p>\n<table><tr><th>combination</th><th>mean discrepancy</th>");
        List<JsonNode> epochs = new ArrayList<>();
        if (m.memoryBank() != null && m.memoryBank().has("epochs")) {
            m.memoryBank().get("epochs").forEach(epochs::add);
        }
        epochs.forEach(e -> sb.append("<th>epoch ").append(e.path("epoch").asInt()).append("</th>"));
        sb.append("</tr>\n");
        m.meanDiscrepancy().forEach((c, v) -> {
            sb.append("<tr><td>").append(esc(c)).append(m.weakSet().contains(c) ? " (W)" : "").append("</td><td>")
                    .append(SvgCharts.number(v)).append("</td>");
            epochs.forEach(e -> {
                JsonNode x = e.path("discrepancies").path(c);
                sb.append("<td>").append(x.isNumber() ? SvgCharts.number(x.asDouble()) : "").append("</td>");
            });
            sb.append("</tr>\n");
        });
        sb.append("</table>\n");
    }

    /**
     * A seed's line in the cross-seed index (from its {@link SeedDiagnostics}, or from the
     * diagnostics.json it wrote, so the index covers every seed diagnosed so far).
     */
    public record IndexRow(String seed, int runs, String weakCombination, List<String> weakSet,
                           double teacherAccuracy, double teacherMeanEntropy) {

        static IndexRow of(SeedDiagnostics d) {
            return new IndexRow(d.seed(), d.runs().size(), d.mar() == null ? null : d.mar().weakCombination(),
                    d.mar() == null ? null : d.mar().weakSet(),
                    d.teacher() == null ? Double.NaN : d.teacher().accuracy(),
                    d.teacher() == null ? Double.NaN : d.teacher().meanEntropy());
        }

        /** From a seed's diagnostics.json ({@link DiagnosticsPage#json}). */
        static IndexRow fromJson(JsonNode d) {
            JsonNode mar = d.path("mar");
            List<String> weak = null;
            if (mar.has("weak_set")) {
                weak = new ArrayList<>();
                for (JsonNode c : mar.get("weak_set")) {
                    weak.add(c.asText());
                }
            }
            JsonNode t = d.path("teacher");
            return new IndexRow(d.get("seed").asText(), d.path("runs").size(),
                    mar.has("weak_combination") ? mar.get("weak_combination").asText() : null, weak,
                    t.path("accuracy").isNumber() ? t.get("accuracy").asDouble() : Double.NaN,
                    t.path("mean_entropy").isNumber() ? t.get("mean_entropy").asDouble() : Double.NaN);
        }
    }

    /** The page of seed {@code seed} relative to the ablation folder. */
    public static String seedPage(String seed) {
        return "seed-" + seed + "/diagnostics/diagnostics.html";
    }

    /** The cross-seed index: the weak set per seed (and whether it is the same in all) and links to each seed's page. */
    public static String index(List<IndexRow> seeds) {
        StringBuilder sb = head("mmanet diagnostics");
        sb.append("<h1>Diagnostics per seed</h1>\n<table><tr><th>seed</th><th>runs</th><th>weak combination c*</th>"
                + "<th>weak set W</th><th>teacher accuracy</th><th>teacher mean entropy</th><th>page</th></tr>\n");
        for (IndexRow d : seeds) {
            sb.append("<tr><td>").append(esc(d.seed())).append("</td><td>").append(d.runs()).append("</td><td>")
                    .append(d.weakSet() == null ? "—" : esc(d.weakCombination())).append("</td><td>")
                    .append(d.weakSet() == null ? "—" : "{" + esc(String.join(", ", d.weakSet())) + "}")
                    .append("</td><td>").append(Double.isNaN(d.teacherAccuracy()) ? "—"
                            : SvgCharts.percent(d.teacherAccuracy()))
                    .append("</td><td>").append(Double.isNaN(d.teacherMeanEntropy()) ? "—"
                            : String.format(Locale.ROOT, "%.4f", d.teacherMeanEntropy()))
                    .append("</td><td><a href=\"").append(esc(seedPage(d.seed()))).append("\">")
                    .append(esc(seedPage(d.seed()))).append("</a></td></tr>\n");
        }
        sb.append("</table>\n<p>").append(esc(weakSetAgreement(seeds))).append("</p>\n");
        return sb.append("</body></html>\n").toString();
    }

    /** Whether every seed that mined a weak set mined the same one, in a sentence. */
    public static String weakSetAgreement(List<IndexRow> seeds) {
        Set<List<String>> sets = new LinkedHashSet<>();
        int mined = 0;
        for (IndexRow d : seeds) {
            if (d.weakSet() != null) {
                sets.add(d.weakSet());
                mined++;
            }
        }
        if (mined == 0) {
            return "No seed mined a weak set.";
        }
        return sets.size() == 1 ? "The weak set is the same in all " + mined + " seed(s) that mined one."
                : "The weak set differs between seeds: " + sets.size() + " different sets in " + mined + " seeds.";
    }

    /** The cross-seed summary as JSON: per seed its weak set and teacher figures, and the agreement. */
    public static String indexJson(List<IndexRow> seeds) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode arr = root.putArray("seeds");
        for (IndexRow d : seeds) {
            ObjectNode s = arr.addObject();
            s.put("seed", d.seed());
            s.put("page", seedPage(d.seed()));
            if (d.weakSet() != null) {
                s.put("weak_combination", d.weakCombination());
                d.weakSet().forEach(s.putArray("weak_set")::add);
            }
            num(s, "teacher_accuracy", d.teacherAccuracy());
            num(s, "teacher_mean_entropy", d.teacherMeanEntropy());
        }
        root.put("weak_set_agreement", weakSetAgreement(seeds));
        return write(root);
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>").append(STYLE).append("</head><body>\n");
    }

    private static void num(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
