package io.mmanet.prep.corpus;

/** How a corpus lists its samples. */
public enum CorpusFormat {
    /** One list file per split: one path per modality, then the label index. */
    CASIA_SURF,
    /** One CSV/TSV file with a header: id, split, label and one column per modality. */
    MANIFEST
}
