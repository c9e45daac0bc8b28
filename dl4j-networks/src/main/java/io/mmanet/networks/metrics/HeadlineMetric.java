package io.mmanet.networks.metrics;

import java.io.Serializable;

/**
 * The metric that result tables lead with (the ablation table, the demo's summary), as the task
 * chooses it ({@code Task.headline()}), with its direction, so tables need not know the task.
 *
 * @param key            {@link #ERROR_KEY} for the confusion matrix's error (ACER for a binary
 *                       anti-spoofing corpus, else 1 - accuracy), or a key of the task's
 *                       {@link TaskMetrics#values()} (segmentation: {@code miou})
 * @param label          how tables name it (e.g. {@code mIoU}); for the error the report's own
 *                       name (ACER or 1 - accuracy) replaces it
 * @param higherIsBetter true for a score (mIoU), false for an error
 */
public record HeadlineMetric(String key, String label, boolean higherIsBetter) implements Serializable {

    public static final String ERROR_KEY = "error";

    /** Classification's headline: the error of the confusion matrix, lower is better. */
    public static final HeadlineMetric ERROR = new HeadlineMetric(ERROR_KEY, "error", false);

    /** True when this is the confusion matrix's error rather than a task metric. */
    public boolean isError() {
        return ERROR_KEY.equals(key);
    }

    /** True when {@code a} is better than {@code b} in this metric's direction. */
    public boolean better(double a, double b) {
        return higherIsBetter ? a > b : a < b;
    }

    /** "higher is better" or "lower is better", for table footnotes. */
    public String direction() {
        return higherIsBetter ? "higher is better" : "lower is better";
    }
}
