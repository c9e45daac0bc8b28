package io.mmanet.prep.ingest;

/** Outcome of parsing one corpus line: a usable row or the reason it is quarantined. */
public record ParsedLine(SourceRow row, QuarantineRecord problem) {

    public static ParsedLine ok(SourceRow row) {
        return new ParsedLine(row, null);
    }

    public static ParsedLine rejected(QuarantineRecord problem) {
        return new ParsedLine(null, problem);
    }

    public boolean accepted() {
        return row != null;
    }
}
