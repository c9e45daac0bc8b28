package io.mmanet.prep.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Rows of one split. Invariant: read = accepted + quarantined; incomplete counts accepted rows
 * with at least one modality absent.
 */
@JsonPropertyOrder({"read", "accepted", "quarantined", "incomplete"})
public record SplitCounts(
        @JsonProperty("read") long read,
        @JsonProperty("accepted") long accepted,
        @JsonProperty("quarantined") long quarantined,
        @JsonProperty("incomplete") long incomplete) {

    @JsonCreator
    public SplitCounts {
    }

    public boolean reconciles() {
        return read == accepted + quarantined && incomplete <= accepted;
    }
}
