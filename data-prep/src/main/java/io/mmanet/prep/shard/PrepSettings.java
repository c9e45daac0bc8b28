package io.mmanet.prep.shard;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigChecks;

import java.io.Serializable;
import java.util.List;

/** Typed, checked view of the {@code prep} section. */
public record PrepSettings(int height, int width, int tasksPerSplit, int maxRowsPerShard, long rowGroupBytes, int minSourceSize,
                           long maxFileBytes, long maxSourcePixels, boolean overwrite, String compression, int progressIntervalSeconds,
                           int sixteenBitMax)
        implements Serializable {

    public static PrepSettings fromConfig(Config c) {
        return new PrepSettings(
                ConfigChecks.intInRange(c, "prep.height", 4, 4096),
                ConfigChecks.intInRange(c, "prep.width", 4, 4096),
                ConfigChecks.intInRange(c, "prep.tasks-per-split", 0, 1_000_000),
                ConfigChecks.intInRange(c, "prep.max-rows-per-shard", 1, Integer.MAX_VALUE),
                ConfigChecks.longInRange(c, "prep.row-group-bytes", 1 << 20, 1L << 30),
                ConfigChecks.intInRange(c, "prep.min-source-size", 1, 65_536),
                ConfigChecks.longInRange(c, "prep.max-file-bytes", 1, Integer.MAX_VALUE - 16),
                ConfigChecks.longInRange(c, "prep.max-source-pixels", 1, Integer.MAX_VALUE - 16),
                ConfigChecks.bool(c, "prep.overwrite"),
                ConfigChecks.oneOf(c, "prep.compression", List.of("none", "snappy", "gzip", "zstd")),
                ConfigChecks.intInRange(c, "prep.progress-interval-seconds", 1, 86_400),
                ConfigChecks.intInRange(c, "prep.sixteen-bit-max", 1, 65_535));
    }
}
