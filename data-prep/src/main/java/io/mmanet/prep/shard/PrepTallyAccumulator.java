package io.mmanet.prep.shard;

import org.apache.spark.util.AccumulatorV2;

/**
 * Spark accumulator over {@link PrepTally}. Each task adds one tally when its partition is done.
 * The images are decoded in the write job's result tasks (no shuffle before them), so Spark
 * applies each successful task's update exactly once and retried tasks are not double counted.
 */
public final class PrepTallyAccumulator extends AccumulatorV2<PrepTally, PrepTally> {
    private static final long serialVersionUID = 1L;

    private final int[] channels;
    private final int classes;
    private PrepTally tally;

    /** @param classes segmentation: classes whose label pixels are counted; 0 for classification */
    public PrepTallyAccumulator(int[] channels, int classes) {
        this.channels = channels.clone();
        this.classes = classes;
        this.tally = new PrepTally(channels, classes);
    }

    @Override
    public boolean isZero() {
        return tally.isEmpty();
    }

    @Override
    public AccumulatorV2<PrepTally, PrepTally> copy() {
        PrepTallyAccumulator a = new PrepTallyAccumulator(channels, classes);
        a.tally = tally.copy();
        return a;
    }

    @Override
    public void reset() {
        tally = new PrepTally(channels, classes);
    }

    @Override
    public synchronized void add(PrepTally v) {
        tally.merge(v);
    }

    @Override
    public synchronized void merge(AccumulatorV2<PrepTally, PrepTally> other) {
        tally.merge(other.value());
    }

    /** Rows handled so far; safe to call from a progress thread while tasks report. */
    public synchronized long rowsDone() {
        return tally.rowsDone();
    }

    @Override
    public PrepTally value() {
        return tally;
    }
}
