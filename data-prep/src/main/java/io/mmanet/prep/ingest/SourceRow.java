package io.mmanet.prep.ingest;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A parsed, well-formed corpus row, before its images are read: where it came from, its id,
 * label index and one path per modality (relative to the corpus root; null = marked missing);
 * a segmentation row has the path of its label image instead of a label index ({@link #NO_CLASS}).
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
    private String labelPath;

    /** The label index of a segmentation row, whose classes are per pixel. */
    public static final int NO_CLASS = -1;

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

    /** A segmentation row: its label image at {@code labelPath} (relative to the corpus root). */
    public static SourceRow withLabelImage(String split, String source, long line, String id, String labelPath,
                                           String[] paths) {
        SourceRow r = new SourceRow(split, source, line, id, NO_CLASS, paths);
        r.labelPath = labelPath;
        return r;
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

    /** Path of the label image (segmentation), or null for a classification row. */
    public String labelPath() {
        return labelPath;
    }

    public int modalityCount() {
        return paths.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRow r && r.line == line && r.label == label && r.split.equals(split)
                && r.source.equals(source) && r.id.equals(id) && Arrays.equals(r.paths, paths)
                && Objects.equals(r.labelPath, labelPath);
    }

    @Override
    public int hashCode() {
        return Objects.hash(split, source, line, id, label, Arrays.hashCode(paths), labelPath);
    }

    @Override
    public String toString() {
        return source + ":" + line + " " + id;
    }
}
