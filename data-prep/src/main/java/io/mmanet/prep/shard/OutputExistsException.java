package io.mmanet.prep.shard;

/** The output location already holds a prepared corpus (or anything else) and overwrite is off. */
public class OutputExistsException extends RuntimeException {
    public OutputExistsException(String message) {
        super(message);
    }
}
