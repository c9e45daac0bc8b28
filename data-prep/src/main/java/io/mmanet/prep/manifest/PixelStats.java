package io.mmanet.prep.manifest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Per-channel mean and population std of a modality's stored pixels (0..255), over present images. */
@JsonPropertyOrder({"mean", "std", "pixels"})
public record PixelStats(
        @JsonProperty("mean") double[] mean,
        @JsonProperty("std") double[] std,
        @JsonProperty("pixels") long pixels) {

    @JsonCreator
    public PixelStats {
    }
}
