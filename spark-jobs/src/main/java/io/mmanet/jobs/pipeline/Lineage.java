package io.mmanet.jobs.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.fs.Path;

import java.util.ArrayList;
import java.util.List;

/**
 * The lineage log ({@code lineage.jsonl}): one JSON line per promotion decision, promoted or not,
 * with the run id, the data checksum, the metrics and the reason. Written by rewriting the file
 * atomically (object stores and some file systems have no append); only the lock holder writes.
 */
public final class Lineage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineStore store;
    private final Path file;

    public Lineage(PipelineStore store) {
        this.store = store;
        this.file = store.path("lineage.jsonl");
    }

    public Path file() {
        return file;
    }

    public List<JsonNode> entries() {
        String text = store.readOrNull(file);
        List<JsonNode> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readTree(line));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(file + " line " + lineNo + " is not JSON: " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    public boolean hasDecisionFor(String runId) {
        return entries().stream().anyMatch(e -> runId.equals(e.path("run_id").asText()));
    }

    public void append(ObjectNode entry) {
        String text = store.readOrNull(file);
        String prefix = text == null || text.isEmpty() ? "" : (text.endsWith("\n") ? text : text + "\n");
        try {
            store.writeAtomically(file, prefix + JSON.writeValueAsString(entry) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode newEntry() {
        return JSON.createObjectNode();
    }
}
