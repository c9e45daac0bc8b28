package io.mmanet.networks.method;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * Learning rate by epoch (spec decision 8): linear warm-up over the first {@code warmupEpochs}
 * epochs (epoch e, counted from 1, gets base * e / warmupEpochs), then base, multiplied by
 * {@code factor} once for every configured step epoch already reached. The official code's
 * zero-learning-rate first epoch (spec 4.1) is deliberately not reproduced.
 *
 * <p>DL4J passes its 0-based epoch counter; this class works in 1-based epochs like the config.
 */
public final class WarmupStepSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    @JsonProperty("base")
    private double base;
    @JsonProperty("warmupEpochs")
    private int warmupEpochs;
    @JsonProperty("stepEpochs")
    private int[] stepEpochs;
    @JsonProperty("factor")
    private double factor;

    /** For JSON. */
    private WarmupStepSchedule() {
    }

    public WarmupStepSchedule(double base, int warmupEpochs, int[] stepEpochs, double factor) {
        this.base = base;
        this.warmupEpochs = warmupEpochs;
        this.stepEpochs = stepEpochs.clone();
        this.factor = factor;
    }

    /** Learning rate of 1-based epoch {@code epoch}. */
    public double forEpoch(int epoch) {
        double lr = base;
        if (warmupEpochs > 0 && epoch <= warmupEpochs) {
            lr = base * Math.max(epoch, 1) / warmupEpochs;
        }
        for (int s : stepEpochs) {
            if (epoch >= s) {
                lr *= factor;
            }
        }
        return lr;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return forEpoch(epoch + 1);
    }

    @Override
    public ISchedule clone() {
        return new WarmupStepSchedule(base, warmupEpochs, stepEpochs, factor);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupStepSchedule s && s.base == base && s.warmupEpochs == warmupEpochs
                && Arrays.equals(s.stepEpochs, stepEpochs) && s.factor == factor;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(base) * 31 + warmupEpochs * 17 + Arrays.hashCode(stepEpochs) + Double.hashCode(factor);
    }

    @Override
    public String toString() {
        return "WarmupStepSchedule{base=" + base + ", warmupEpochs=" + warmupEpochs + ", steps="
                + Arrays.toString(stepEpochs) + ", factor=" + factor + "}";
    }
}
