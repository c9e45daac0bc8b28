package io.mmanet.jobs.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The retraining state machine: prep, train teacher, train deployment, evaluate, compare, promote.
 * Each stage's status and outputs are saved in {@code runs/<id>/state.json} before and after it
 * runs, so a run that crashed is resumed at the stage that did not finish. Layout of the pipeline
 * directory:
 * <pre>
 *   pipeline.lock          held while a pipeline runs (PipelineLock)
 *   active-run             id of the run to resume, removed when a run finishes
 *   runs/&lt;id&gt;/state.json   stage states; runs/&lt;id&gt;/&lt;stage&gt;/ the stage's outputs
 *   data/&lt;id&gt;/            prepared data (manifest + shards) of the run that prepared it
 *   data/last-prep.json    checksum and location of the latest prepared data
 *   current                the promoted model (JSON), replaced atomically
 *   lineage.jsonl          one line per promotion decision
 * </pre>
 */
public final class RetrainingPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainingPipeline.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** What a call to {@link #run()} did. */
    public record Outcome(String runId, boolean resumed, boolean prepSkipped, boolean promoted,
                          String reason, double candidate, Double current) {
    }

    private final PipelineSettings settings;
    private final PipelineStore store;
    private final PipelineJobs jobs;
    private final Clock clock;

    public RetrainingPipeline(PipelineSettings settings, PipelineStore store, PipelineJobs jobs, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
    }

    public Path currentPointer() {
        return store.path("current");
    }

    /** The promoted model's record, or null when nothing is promoted yet. */
    public JsonNode current() {
        String text = store.readOrNull(currentPointer());
        return text == null ? null : readJson(text, currentPointer());
    }

    /** Runs (or resumes) one retraining run under the pipeline lock. */
    public Outcome run() {
        try (PipelineLock lock = PipelineLock.acquire(store, settings.staleLockAfter(), clock)) {
            LOG.info("pipeline {}: lock held by {}", store.root(), lock.holder().describe());
            return runLocked();
        }
    }

    private Outcome runLocked() {
        Path active = store.path("active-run");
        String activeId = store.readOrNull(active);
        RunState state;
        boolean resumed = false;
        if (activeId != null && !activeId.isBlank()) {
            state = load(activeId.trim());
            resumed = true;
            LOG.info("pipeline: resuming run {} at stage {}", state.runId(), firstUnfinished(state).id());
        } else {
            String runId = newRunId();
            state = RunState.start(runId, clock.instant().toString());
            save(state);
            store.writeAtomically(active, runId);
            LOG.info("pipeline: new run {}", runId);
        }
        for (Stage stage : Stage.values()) {
            if (state.stage(stage).status() == RunState.Status.DONE) {
                continue;
            }
            state = runStage(state, stage);
        }
        state = state.finish();
        save(state);
        store.delete(active);
        RunState.StageRecord promote = state.stage(Stage.PROMOTE);
        String currentValue = state.stage(Stage.COMPARE).outputs().get("current_value");
        return new Outcome(state.runId(), resumed, Boolean.parseBoolean(state.output(Stage.PREP, "skipped")),
                Boolean.parseBoolean(promote.outputs().get("promoted")), promote.outputs().get("reason"),
                Double.parseDouble(state.output(Stage.EVALUATE, "value")),
                currentValue == null ? null : Double.parseDouble(currentValue));
    }

    private static Stage firstUnfinished(RunState s) {
        for (Stage stage : Stage.values()) {
            if (s.stage(stage).status() != RunState.Status.DONE) {
                return stage;
            }
        }
        return Stage.PROMOTE;
    }

    private RunState runStage(RunState state, Stage stage) {
        RunState.StageRecord before = state.stage(stage);
        RunState running = state.with(stage, new RunState.StageRecord(RunState.Status.RUNNING, before.attempts() + 1,
                clock.instant().toString(), null, Map.of(), null));
        save(running);
        Instant t0 = clock.instant();
        LOG.info("pipeline run {}: stage {} (attempt {})", state.runId(), stage.id(), before.attempts() + 1);
        Map<String, String> outputs;
        try {
            outputs = execute(running, stage);
        } catch (RuntimeException | Error e) {
            save(running.with(stage, new RunState.StageRecord(RunState.Status.FAILED, before.attempts() + 1,
                    running.stage(stage).startedAt(), clock.instant().toString(), Map.of(), String.valueOf(e))));
            LOG.error("pipeline run {}: stage {} failed; rerun the same command to resume here", state.runId(), stage.id());
            throw e;
        }
        RunState done = running.with(stage, new RunState.StageRecord(RunState.Status.DONE, before.attempts() + 1,
                running.stage(stage).startedAt(), clock.instant().toString(), outputs, null));
        save(done);
        LOG.info("pipeline run {}: stage {} done in {} s {}", state.runId(), stage.id(),
                Duration.between(t0, clock.instant()).toSeconds(), outputs);
        return done;
    }

    private Map<String, String> execute(RunState s, Stage stage) {
        String runDir = runDir(s.runId()).toString();
        return switch (stage) {
            case PREP -> prep(s);
            case TRAIN_TEACHER -> Map.of("model",
                    jobs.trainTeacher(s.output(Stage.PREP, "shards"), runDir + "/" + stage.id()));
            case TRAIN_DEPLOYMENT -> Map.of("model", jobs.trainDeployment(s.output(Stage.PREP, "shards"),
                    s.output(Stage.TRAIN_TEACHER, "model"), runDir + "/" + stage.id()));
            case EVALUATE -> evaluate(s.output(Stage.TRAIN_DEPLOYMENT, "model"), s.output(Stage.PREP, "shards"),
                    runDir + "/" + stage.id());
            case COMPARE -> compare(s, runDir + "/" + stage.id());
            case PROMOTE -> promote(s);
        };
    }

    private Map<String, String> prep(RunState s) {
        String checksum = jobs.sourceChecksum(settings.corpus());
        Path lastFile = store.path("data/last-prep.json");
        String lastText = store.readOrNull(lastFile);
        if (lastText != null) {
            JsonNode last = readJson(lastText, lastFile);
            if (checksum.equals(last.path("checksum").asText())
                    && store.exists(new Path(last.path("shards").asText(), "manifest.json"))) {
                LOG.info("pipeline: source lists unchanged (checksum {}): reusing {}", checksum, last.path("shards").asText());
                return Map.of("shards", last.path("shards").asText(), "checksum", checksum, "skipped", "true");
            }
        }
        String out = store.path("data/" + s.runId()).toString();
        String prepared = jobs.prep(settings.corpus(), out);
        if (!prepared.equals(checksum)) {
            throw new IllegalStateException("the prep manifest of " + out + " records checksum " + prepared
                    + " but the source lists hashed to " + checksum + " before prep: did they change during prep?");
        }
        ObjectNode record = JSON.createObjectNode();
        record.put("checksum", checksum);
        record.put("shards", out);
        record.put("run_id", s.runId());
        store.writeAtomically(lastFile, record.toString());
        return Map.of("shards", out, "checksum", checksum, "skipped", "false");
    }

    private Map<String, String> evaluate(String model, String shards, String outDir) {
        Map<String, Double> metrics = new TreeMap<>(jobs.evaluate(model, shards, outDir));
        Double value = metrics.get(settings.metric());
        if (value == null) {
            throw new IllegalStateException("pipeline.promote.metric = '" + settings.metric()
                    + "' is not among the evaluated metrics " + metrics.keySet());
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("value", Double.toString(value));
        metrics.forEach((k, v) -> out.put("metric." + k, Double.toString(v)));
        return out;
    }

    private Map<String, String> compare(RunState s, String outDir) {
        JsonNode current = current();
        if (current == null) {
            return Map.of("current", "none");
        }
        // Evaluated again on this run's test shards: the data may have changed since its promotion.
        Map<String, String> eval = evaluate(current.path("model").asText(), s.output(Stage.PREP, "shards"), outDir);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("current", current.path("run_id").asText());
        out.put("current_model", current.path("model").asText());
        out.put("current_value", eval.get("value"));
        return out;
    }

    private Map<String, String> promote(RunState s) {
        RunState.StageRecord compared = s.stage(Stage.COMPARE);
        String currentValue = compared.outputs().get("current_value");
        double candidate = Double.parseDouble(s.output(Stage.EVALUATE, "value"));
        PromotionRule.Decision d = PromotionRule.of(settings)
                .decide(candidate, currentValue == null ? null : Double.parseDouble(currentValue));
        String model = s.output(Stage.TRAIN_DEPLOYMENT, "model");
        String now = clock.instant().toString();
        if (d.promote()) {
            ObjectNode pointer = JSON.createObjectNode();
            pointer.put("run_id", s.runId());
            pointer.put("model", model);
            pointer.put("teacher", s.output(Stage.TRAIN_TEACHER, "model"));
            pointer.put("data_checksum", s.output(Stage.PREP, "checksum"));
            pointer.put("shards", s.output(Stage.PREP, "shards"));
            pointer.put("metric", settings.metric());
            pointer.put("value", candidate);
            pointer.put("promoted_at", now);
            store.writeAtomically(currentPointer(), pointer.toPrettyString());
        }
        Lineage lineage = new Lineage(store);
        if (!lineage.hasDecisionFor(s.runId())) {
            ObjectNode e = Lineage.newEntry();
            e.put("time", now);
            e.put("run_id", s.runId());
            e.put("data_checksum", s.output(Stage.PREP, "checksum"));
            e.put("prep_skipped", Boolean.parseBoolean(s.output(Stage.PREP, "skipped")));
            e.put("model", model);
            e.put("metric", settings.metric());
            ObjectNode metrics = e.putObject("metrics");
            s.stage(Stage.EVALUATE).outputs().forEach((k, v) -> {
                if (k.startsWith("metric.")) {
                    metrics.put(k.substring("metric.".length()), Double.parseDouble(v));
                }
            });
            e.put("candidate_value", candidate);
            if (currentValue != null) {
                e.put("current_run_id", compared.outputs().get("current"));
                e.put("current_value", Double.parseDouble(currentValue));
            } else {
                e.putNull("current_run_id");
            }
            e.put("decision", d.promote() ? "promoted" : "rejected");
            e.put("reason", d.reason());
            lineage.append(e);
        }
        LOG.info("pipeline run {}: {} ({})", s.runId(), d.promote() ? "PROMOTED" : "not promoted", d.reason());
        return Map.of("promoted", Boolean.toString(d.promote()), "reason", d.reason());
    }

    public Path runDir(String runId) {
        return store.path("runs/" + runId);
    }

    private String newRunId() {
        String base = RUN_ID.format(clock.instant());
        String id = base;
        for (int i = 2; store.exists(runDir(id)); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    private RunState load(String runId) {
        Path p = new Path(runDir(runId), "state.json");
        String text = store.readOrNull(p);
        if (text == null) {
            throw new IllegalStateException("active-run names run " + runId + " but " + p + " does not exist");
        }
        return RunState.fromJson(text, p.toString());
    }

    private void save(RunState s) {
        store.writeAtomically(new Path(runDir(s.runId()), "state.json"), s.toJson());
    }

    private static JsonNode readJson(String text, Path where) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(where + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
