package io.mmanet.prep.ingest;

/** The corpus cannot be read at all (missing list file, bad manifest header); names the file. */
public class CorpusFormatException extends RuntimeException {
    public CorpusFormatException(String message) {
        super(message);
    }

    public CorpusFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
