package io.mmanet.jobs.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The persisted state of one pipeline run ({@code runs/<id>/state.json}): each stage's status and
 * outputs. A stage left RUNNING or FAILED is run again on resume; DONE stages are not.
 */
public record RunState(String runId, String createdAt, boolean finished, Map<String, StageRecord> stages) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public enum Status { PENDING, RUNNING, DONE, FAILED }

    public record StageRecord(Status status, int attempts, String startedAt, String finishedAt,
                              Map<String, String> outputs, String error) {
    }

    public static RunState start(String runId, String createdAt) {
        Map<String, StageRecord> stages = new LinkedHashMap<>();
        for (Stage s : Stage.values()) {
            stages.put(s.id(), new StageRecord(Status.PENDING, 0, null, null, Map.of(), null));
        }
        return new RunState(runId, createdAt, false, stages);
    }

    public StageRecord stage(Stage s) {
        StageRecord r = stages.get(s.id());
        if (r == null) {
            throw new IllegalStateException("run " + runId + " has no record of stage " + s.id());
        }
        return r;
    }

    public String output(Stage s, String key) {
        String v = stage(s).outputs().get(key);
        if (v == null) {
            throw new IllegalStateException("run " + runId + ": stage " + s.id() + " recorded no '" + key + "'");
        }
        return v;
    }

    public RunState with(Stage s, StageRecord r) {
        Map<String, StageRecord> copy = new LinkedHashMap<>(stages);
        copy.put(s.id(), r);
        return new RunState(runId, createdAt, finished, copy);
    }

    public RunState finish() {
        return new RunState(runId, createdAt, true, stages);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RunState fromJson(String json, String where) {
        try {
            return JSON.readValue(json, RunState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the pipeline run state " + where + ": " + e.getOriginalMessage(), e);
        }
    }
}
