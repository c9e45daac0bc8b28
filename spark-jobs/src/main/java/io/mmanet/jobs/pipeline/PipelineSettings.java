package io.mmanet.jobs.pipeline;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigChecks;
import io.mmanet.config.ConfigValidationException;

import java.time.Duration;

/** The {@code pipeline} section, checked before any work starts. */
public record PipelineSettings(String dir, String corpus, String metric,
                               boolean higherIsBetter, double minImprovement, Duration staleLockAfter) {

    public static PipelineSettings fromConfig(Config c) {
        String dir = ConfigChecks.string(c, "pipeline.dir");
        String corpus = ConfigChecks.string(c, "pipeline.corpus");
        if (dir.isBlank()) {
            throw new ConfigValidationException("pipeline.dir must not be empty");
        }
        if (corpus.isBlank()) {
            throw new ConfigValidationException("pipeline.corpus must not be empty");
        }
        Duration stale = c.getDuration("pipeline.stale-lock-after");
        if (stale.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigValidationException("pipeline.stale-lock-after = " + stale + " is too short; at least 1s");
        }
        return new PipelineSettings(dir, corpus,
                ConfigChecks.string(c, "pipeline.promote.metric"),
                ConfigChecks.bool(c, "pipeline.promote.higher-is-better"),
                ConfigChecks.doubleInRange(c, "pipeline.promote.min-improvement", 0.0, Double.MAX_VALUE),
                stale);
    }
}
