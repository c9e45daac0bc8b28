package io.mmanet.prep.modality;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.Modality;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code modalities} key as prep needs it: read by dl4j-networks' {@link Modalities} (one
 * definition for the whole project), plus what prep adds: stored images have 1 or 3 channels, and
 * a name must not clash with the other shard columns.
 */
public final class ConfiguredModalities {

    public static final String KEY = Modalities.KEY;

    private ConfiguredModalities() {
    }

    public static List<Modality> fromConfig(Config cfg) {
        Modalities modalities = Modalities.fromConfig(cfg);
        List<Modality> out = new ArrayList<>();
        for (int i = 0; i < modalities.size(); i++) {
            Modality m = modalities.get(i);
            String where = KEY + "[" + i + "]";
            if (m.channels() != 1 && m.channels() != 3) {
                throw new ConfigValidationException(where + ".channels = " + m.channels()
                        + ": prep stores images with 1 (grey) or 3 (RGB) channels");
            }
            if (io.mmanet.prep.shard.ShardSchema.isReservedName(m.name())) {
                throw new ConfigValidationException(where + ".name = '" + m.name() + "' clashes with a shard column");
            }
            out.add(m);
        }
        return List.copyOf(out);
    }
}
