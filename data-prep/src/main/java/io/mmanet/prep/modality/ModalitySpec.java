package io.mmanet.prep.modality;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.Serializable;
import java.util.Objects;

/** One configured modality: its name (column name in shards) and its stored channel count. */
public final class ModalitySpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int channels;

    @JsonCreator
    public ModalitySpec(@JsonProperty("name") String name, @JsonProperty("channels") int channels) {
        this.name = Objects.requireNonNull(name, "name");
        this.channels = channels;
    }

    @JsonProperty("name")
    public String name() {
        return name;
    }

    @JsonProperty("channels")
    public int channels() {
        return channels;
    }

    /** Shard column holding the H*W*C uint8 pixels. */
    public String pixelColumn() {
        return io.mmanet.prep.shard.ShardSchema.pixelColumn(name);
    }

    /** Shard column telling whether the modality is present. */
    public String presentColumn() {
        return io.mmanet.prep.shard.ShardSchema.presentColumn(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModalitySpec m && m.name.equals(name) && m.channels == channels;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, channels);
    }

    @Override
    public String toString() {
        return name + "(" + channels + ")";
    }
}
