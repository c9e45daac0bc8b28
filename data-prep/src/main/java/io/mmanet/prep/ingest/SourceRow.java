package io.mmanet.prep.ingest;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A parsed, well-formed corpus row, before its images are read: where it came from, its id,
 * label index and one path per modality (relative to the corpus root; null = marked missing).
 * Plain fields only: it travels to the Spark executors.
 */
public final class SourceRow implements Serializable {
    private static final long serialVersionUID = 1L;

    private String split;
    private String source;
    private long line;
    private String id;
    private int label;
    private String[] paths;

    /** For Kryo's field serializer. */
    @SuppressWarnings("unused")
    private SourceRow() {
    }

    public SourceRow(String split, String source, long line, String id, int label, String[] paths) {
        this.split = split;
        this.source = source;
        this.line = line;
        this.id = id;
        this.label = label;
        this.paths = paths.clone();
    }

    public String split() {
        return split;
    }

    public String source() {
        return source;
    }

    public long line() {
        return line;
    }

    public String id() {
        return id;
    }

    public int label() {
        return label;
    }

    /** Path of modality {@code m}, or null when the row marks it missing. */
    public String path(int m) {
        return paths[m];
    }

    public int modalityCount() {
        return paths.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRow r && r.line == line && r.label == label && r.split.equals(split)
                && r.source.equals(source) && r.id.equals(id) && Arrays.equals(r.paths, paths);
    }

    @Override
    public int hashCode() {
        return Objects.hash(split, source, line, id, label, Arrays.hashCode(paths));
    }

    @Override
    public String toString() {
        return source + ":" + line + " " + id;
    }
}
