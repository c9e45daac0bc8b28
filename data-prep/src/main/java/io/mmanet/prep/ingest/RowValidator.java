package io.mmanet.prep.ingest;

import io.mmanet.prep.corpus.CorpusSettings;

import java.util.List;

/**
 * The checks that need no image: label, path confinement, at least one modality. Shared by both
 * corpus formats, which only differ in how they cut a line into cells.
 */
public final class RowValidator {

    private final List<String> labelNames;
    private final String missingMarker;
    private final boolean labelsByName;
    private final boolean labelImages;

    /** @param labelsByName also accept a class name (manifest format), not only an index */
    public RowValidator(CorpusSettings settings, boolean labelsByName) {
        this.labelNames = settings.labelNames();
        this.missingMarker = settings.missingMarker();
        this.labelsByName = labelsByName;
        this.labelImages = settings.segmentation();
    }

    /**
     * @param id        the row id, or null to use the first present path (casia-surf)
     * @param labelText the label cell: a class (classification) or a label image's path (segmentation)
     * @param cells     one raw path cell per modality
     */
    public ParsedLine validate(String split, String source, long line, String id, String labelText, String[] cells) {
        String[] paths = new String[cells.length];
        String firstPath = null;
        for (int m = 0; m < cells.length; m++) {
            String cell = cells[m].trim();
            if (cell.isEmpty() || cell.equals(missingMarker)) {
                continue;
            }
            String norm = CorpusPaths.normalise(cell);
            if (norm == null) {
                return reject(split, source, line, id == null ? cell : id, cell, QuarantineReason.PATH_ESCAPES_ROOT,
                        "path '" + cell + "' is absolute or climbs out of the corpus root");
            }
            paths[m] = norm;
            if (firstPath == null) {
                firstPath = norm;
            }
        }
        String rowId = id != null ? id : (firstPath != null ? firstPath : source + ":" + line);
        if (labelImages) {
            return labelImageRow(split, source, line, rowId, labelText.trim(), paths, firstPath != null);
        }
        int label = parseLabel(labelText.trim());
        if (label < 0) {
            return reject(split, source, line, rowId, null, QuarantineReason.UNKNOWN_LABEL,
                    "label '" + labelText.trim() + "' is not " + (labelsByName ? "a class name or " : "")
                            + "an index into " + labelNames);
        }
        if (firstPath == null) {
            return reject(split, source, line, rowId, null, QuarantineReason.NO_MODALITY,
                    "every modality is marked missing");
        }
        return ParsedLine.ok(new SourceRow(split, source, line, rowId, label, paths));
    }

    private ParsedLine labelImageRow(String split, String source, long line, String rowId, String cell, String[] paths,
                                     boolean anyModality) {
        if (cell.isEmpty() || cell.equals(missingMarker)) {
            return reject(split, source, line, rowId, null, QuarantineReason.MISSING_LABEL_IMAGE,
                    "no label image (a segmentation row without labels cannot train or be evaluated)");
        }
        String labelPath = CorpusPaths.normalise(cell);
        if (labelPath == null) {
            return reject(split, source, line, rowId, cell, QuarantineReason.PATH_ESCAPES_ROOT,
                    "label image path '" + cell + "' is absolute or climbs out of the corpus root");
        }
        if (!anyModality) {
            return reject(split, source, line, rowId, null, QuarantineReason.NO_MODALITY,
                    "every modality is marked missing");
        }
        return ParsedLine.ok(SourceRow.withLabelImage(split, source, line, rowId, labelPath, paths));
    }

    private int parseLabel(String text) {
        if (labelsByName) {
            int byName = labelNames.indexOf(text);
            if (byName >= 0) {
                return byName;
            }
        }
        if (!text.matches("\\d{1,9}")) {
            return -1;
        }
        int v = Integer.parseInt(text);
        return v < labelNames.size() ? v : -1;
    }

    static ParsedLine reject(String split, String source, long line, String id, String path,
                             QuarantineReason reason, String detail) {
        return ParsedLine.rejected(new QuarantineRecord(split, source, line, id, path, reason.code(), detail));
    }
}
