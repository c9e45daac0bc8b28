package io.mmanet.jobs.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the diagnostics of an ablation seed must hold, checked against the run folders and the
 * seed's evaluation (which the test runs on the same split): a curve point per kept checkpoint per
 * combination per run, the final point equal to what the evaluation job reported for the exported
 * model, the teacher's histogram over every row it can see, MMANet's weak set as mined, a chart
 * per curve.
 */
public final class DiagnosticsChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DiagnosticsChecks() {
    }

    /**
     * @param out         the ablation output folder
     * @param completeRows rows of the diagnosed split that have every modality (what the full teacher sees), or
     *                     -1 for a per-pixel task (the histogram counts labelled pixels)
     */
    public static JsonNode check(Path out, String seed, int epochs, long completeRows) throws IOException {
        Path seedDir = out.resolve("seed-" + seed);
        JsonNode d = JSON.readTree(seedDir.resolve("diagnostics/diagnostics.json").toFile());
        JsonNode eval = JSON.readTree(seedDir.resolve("eval/metrics.json").toFile());
        assertTrue(eval.get("data").asText().replaceAll("/+$", "").endsWith("/" + d.get("split").asText()),
                "the seed's evaluation ran on the diagnosed split: " + eval.get("data"));
        int gradientRuns = 0;
        int combinations = 0;
        int allCombinations = eval.get("models").get(eval.get("models").size() - 1).get("combinations").size();
        for (JsonNode run : d.get("runs")) {
            String name = run.get("run").asText();
            boolean unified = run.get("combination").isNull();
            assertTrue(unified != ("teacher".equals(name) || name.startsWith("sf/")), name + ": one combination or all");
            JsonNode points = run.get("epochs");
            assertEquals(completeCheckpoints(seedDir.resolve("runs").resolve(name)), points.size(), name);
            assertEquals(epochs, points.size(), name + ": a point per epoch (every checkpoint kept)");
            for (int e = 0; e < epochs; e++) {
                JsonNode p = points.get(e);
                assertEquals(e + 1, p.get("epoch").asInt());
                assertEquals(unified ? allCombinations : 1, p.get("headline").size(), name + " epoch " + (e + 1));
                p.get("headline").forEach(v -> assertTrue(v.asDouble() >= 0 && v.asDouble() <= 1, name + ": " + v));
            }
            combinations = Math.max(combinations, points.get(0).get("headline").size());
            assertEquals(epochs, run.get("loss_history").size(), name);
            boolean measured = points.get(0).get("gradient_norms").size() > 0;
            if (measured) {
                gradientRuns++;
                for (JsonNode p : points) {
                    assertTrue(p.get("gradient_norms").size() >= 2, name + " has several outputs");
                    p.get("gradient_norms").forEach(v -> assertTrue(v.isNumber() && v.asDouble() >= 0, name + ": " + v));
                }
            }
            if ("mmanet".equals(name)) {
                assertTrue(measured, "MMANet's CE, MAD and MAR terms are measured");
                for (JsonNode p : points) {
                    assertTrue(p.get("gradient_norms").get("out").asDouble() > 0, "CE always pulls: " + p);
                }
            }
            if (name.startsWith("sf/") || "sf-md".equals(name) || "teacher".equals(name)) {
                assertFalse(measured, name + " has one output: nothing to compare");
            }
            if (!"teacher".equals(name)) {
                sameAsEvaluation(name, run, points.get(epochs - 1), eval, d.get("metric_key").asText());
            }
        }
        JsonNode teacher = d.get("teacher");
        assertNotNull(teacher, "the seed has a teacher");
        long sum = 0;
        for (JsonNode c : teacher.get("entropy_counts")) {
            sum += c.asLong();
        }
        assertEquals(20, teacher.get("entropy_counts").size());
        assertEquals(teacher.get("counted").asLong(), sum, "the histogram holds every counted prediction");
        if (completeRows >= 0) {
            assertEquals(completeRows, sum, "the full-modality teacher's histogram counts every complete row");
        } else {
            assertTrue(sum > 0);
        }
        double acc = teacher.get("accuracy").asDouble();
        assertTrue(acc >= 0 && acc <= 1 && teacher.get("mean_entropy").asDouble() >= 0);

        JsonNode mined = JSON.readTree(seedDir.resolve("runs/mmanet/mar/weak-set.json").toFile());
        assertEquals(mined.get("weak_set"), d.get("mar").get("weak_set"));
        assertEquals(mined.get("weak_combination").asText(), d.get("mar").get("weak_combination").asText());

        String html = Files.readString(seedDir.resolve("diagnostics/diagnostics.html"));
        int lossCharts = 0;
        for (String term : List.of("score", "ce", "mad", "mar", "learning_rate")) {
            boolean any = false;
            for (JsonNode run : d.get("runs")) {
                for (JsonNode e : run.get("loss_history")) {
                    any |= e.get(term).isNumber();
                }
            }
            lossCharts += any ? 1 : 0;
        }
        assertEquals(combinations + 1 + lossCharts + gradientRuns + 1, count(html, "<svg"),
                "a chart per combination and the mean, per loss term, per run with gradient norms, and the histogram");
        assertTrue(html.contains(mined.get("weak_combination").asText()));
        String index = Files.readString(out.resolve("diagnostics.html"));
        assertTrue(index.contains("seed-" + seed + "/diagnostics/diagnostics.html"), index);
        return d;
    }

    /** The run's final epoch equals the evaluation job's figures for its exported model (SF: its combination's row). */
    private static void sameAsEvaluation(String run, JsonNode runNode, JsonNode last, JsonNode eval, String key) {
        String model = run.contains("/") ? run.substring(0, run.indexOf('/')) : run;
        JsonNode m = null;
        for (JsonNode x : eval.get("models")) {
            m = x.get("model").asText().equals(model) ? x : m;
        }
        assertNotNull(m, "the evaluation has " + model);
        List<String> checked = new ArrayList<>();
        for (JsonNode c : m.get("combinations")) {
            JsonNode v = last.get("headline").get(c.get("combination").asText());
            if (v != null) {
                assertEquals(c.get(key).asDouble(), v.asDouble(), 1e-9, run + " on " + c.get("combination"));
                checked.add(c.get("combination").asText());
            }
        }
        assertEquals(last.get("headline").size(), checked.size(), run + ": every combination checked");
        if (runNode.get("combination").isNull()) {
            assertEquals(m.get("mean").get(key).asDouble(), last.get("mean").asDouble(), 1e-9, run + " mean");
        }
    }

    private static long completeCheckpoints(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("epoch-")
                    && Files.exists(p.resolve("_COMPLETE"))).count();
        }
    }

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }
}
