package io.mmanet.networks.combination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One input modality (spec decision 1): a name such as {@code rgb} and its image channel count.
 * The one modality type of the project; in JSON (prep's manifest, the model card) it is
 * {@code {"name": ..., "channels": ...}}.
 */
public final class Modality implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    private final String name;
    private final int channels;

    @JsonCreator
    public Modality(@JsonProperty("name") String name, @JsonProperty("channels") int channels) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("modality name '" + name
                    + "' must be lower case letters, digits, '_' or '-' and start with a letter");
        }
        if (channels < 1 || channels > 64) {
            throw new IllegalArgumentException("modality " + name + ": channels = " + channels
                    + " is out of range [1, 64]");
        }
        this.name = name;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Modality m && m.name.equals(name) && m.channels == channels;
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
