package io.mmanet.prep.ingest;

import java.util.Locale;

/** Why a row could not be used; the lower-kebab code is what quarantine records carry. */
public enum QuarantineReason {
    WRONG_COLUMN_COUNT,
    UNKNOWN_LABEL,
    UNKNOWN_SPLIT,
    MISSING_ID,
    DUPLICATE_ID,
    PATH_ESCAPES_ROOT,
    NO_MODALITY,
    FILE_NOT_FOUND,
    ZERO_BYTE_FILE,
    FILE_TOO_LARGE,
    UNREADABLE_IMAGE,
    IMAGE_TOO_SMALL,
    IMAGE_TOO_LARGE,
    /** Segmentation: the row names no label image, or the named file does not exist (no label, no training). */
    MISSING_LABEL_IMAGE,
    /** Segmentation: the label image cannot be decoded or has more than one channel. */
    UNREADABLE_LABEL_IMAGE,
    /** Segmentation: the label image's size differs from the row's images. */
    LABEL_SIZE_MISMATCH,
    /** Segmentation: a label pixel is neither a class index nor corpus.ignore-label. */
    LABEL_OUT_OF_RANGE;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
