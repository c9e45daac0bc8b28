package io.mmanet.prep.ingest;

import io.mmanet.prep.corpus.CorpusSettings;

/**
 * CASIA-SURF list lines: {@code <path of modality 1> ... <path of modality M> <label>}, blank
 * separated; for a segmentation corpus the label is the path of the label image (NYUv2 shape
 * {@code <rgb> <depth> <label>}). The id of a row is its first present (normalised) path: unique per sample in CASIA-SURF
 * and the same in every split, so cross-split duplicates are caught.
 */
public final class ListLineParser {

    private final int modalities;
    private final RowValidator validator;
    private final String labelKind;

    public ListLineParser(CorpusSettings settings) {
        this.modalities = settings.modalities().size();
        this.validator = new RowValidator(settings, false);
        this.labelKind = settings.segmentation() ? "a label image" : "a label";
    }

    public ParsedLine parse(String split, String source, long lineNumber, String line) {
        String[] cells = line.trim().split("\\s+");
        if (cells.length != modalities + 1) {
            return RowValidator.reject(split, source, lineNumber, source + ":" + lineNumber, null,
                    QuarantineReason.WRONG_COLUMN_COUNT,
                    "expected " + (modalities + 1) + " columns (" + modalities + " paths and " + labelKind + "), found "
                            + cells.length);
        }
        String[] paths = new String[modalities];
        System.arraycopy(cells, 0, paths, 0, modalities);
        return validator.validate(split, source, lineNumber, null, cells[modalities], paths);
    }
}
