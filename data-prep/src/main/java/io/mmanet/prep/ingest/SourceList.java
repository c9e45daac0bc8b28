package io.mmanet.prep.ingest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A list (or manifest) file that was read: its checksum pins exactly which corpus was prepared. */
public record SourceList(
        @JsonProperty("split") String split,
        @JsonProperty("file") String file,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("bytes") long bytes,
        @JsonProperty("lines") long lines) {

    @JsonCreator
    public SourceList {
    }
}
