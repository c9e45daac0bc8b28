package io.mmanet.prep.ingest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.io.Serializable;
import java.util.Comparator;

/**
 * One row that was not accepted: one JSON line of {@code quarantine/}. {@code path} is the
 * offending image path (relative to the corpus root) or null when the problem is the row itself.
 */
@JsonPropertyOrder({"split", "source", "line", "id", "path", "reason", "detail"})
public record QuarantineRecord(
        @JsonProperty("split") String split,
        @JsonProperty("source") String source,
        @JsonProperty("line") long line,
        @JsonProperty("id") String id,
        @JsonProperty("path") String path,
        @JsonProperty("reason") String reason,
        @JsonProperty("detail") String detail) implements Serializable {

    /** Source list order, then line: the order of the quarantine file. */
    public static final Comparator<QuarantineRecord> BY_SOURCE_LINE =
            Comparator.comparing(QuarantineRecord::source).thenComparingLong(QuarantineRecord::line);

    @JsonCreator
    public QuarantineRecord {
    }

    public static QuarantineRecord of(SourceRow row, String path, QuarantineReason reason, String detail) {
        return new QuarantineRecord(row.split(), row.source(), row.line(), row.id(), path, reason.code(), detail);
    }
}
