package io.mmanet.networks.method;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.mmanet.config.ConfigChecks;
import io.mmanet.config.ConfigValidationException;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Section {@code optimizer} (spec decision 8): SGD with Nesterov momentum, L2 weight decay added to
 * the gradient (as PyTorch's {@code weight_decay}), linear learning-rate warm-up over the method's
 * warm-up epochs and x{@code lr-step-factor} steps at the configured epochs.
 */
public final class OptimizerSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double learningRate;
    private final double momentum;
    private final double weightDecay;
    private final boolean lrWarmup;
    private final int[] lrStepEpochs;
    private final double lrStepFactor;

    public OptimizerSettings(double learningRate, double momentum, double weightDecay, boolean lrWarmup,
                             int[] lrStepEpochs, double lrStepFactor) {
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.lrWarmup = lrWarmup;
        this.lrStepEpochs = lrStepEpochs.clone();
        this.lrStepFactor = lrStepFactor;
    }

    /** Paper defaults: lr 1e-3, momentum 0.9, weight decay 5e-4, warm-up on, steps at 22/39/56. */
    public static OptimizerSettings paperDefaults() {
        return new OptimizerSettings(1e-3, 0.9, 5e-4, true, new int[] {22, 39, 56}, 0.1);
    }

    public static OptimizerSettings fromConfig(Config c) {
        double lr = ConfigChecks.doubleInRange(c, "optimizer.learning-rate", 0.0, 10.0);
        double momentum = ConfigChecks.doubleInRange(c, "optimizer.momentum", 0.0, 0.999999);
        double wd = ConfigChecks.doubleInRange(c, "optimizer.weight-decay", 0.0, 1.0);
        boolean warmup = ConfigChecks.bool(c, "optimizer.lr-warmup");
        List<Integer> steps;
        try {
            steps = c.getIntList("optimizer.lr-step-epochs");
        } catch (ConfigException e) {
            throw new ConfigValidationException("optimizer.lr-step-epochs: expected a list of epochs: " + e.getMessage(), e);
        }
        int[] s = new int[steps.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = steps.get(i);
            if (s[i] < 1 || (i > 0 && s[i] <= s[i - 1])) {
                throw new ConfigValidationException("optimizer.lr-step-epochs = " + steps
                        + ": expected strictly increasing epochs >= 1");
            }
        }
        double factor = ConfigChecks.doubleInRange(c, "optimizer.lr-step-factor", 0.0, 1.0);
        return new OptimizerSettings(lr, momentum, wd, warmup, s, factor);
    }

    /** The learning rate by epoch, warming up over {@code warmupEpochs} if enabled. */
    public ISchedule learningRateSchedule(int warmupEpochs) {
        return new WarmupStepSchedule(learningRate, lrWarmup ? warmupEpochs : 0, lrStepEpochs, lrStepFactor);
    }

    public IUpdater updater(int warmupEpochs) {
        return new Nesterovs(learningRateSchedule(warmupEpochs), momentum);
    }

    public double learningRate() {
        return learningRate;
    }

    public double momentum() {
        return momentum;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public boolean lrWarmup() {
        return lrWarmup;
    }

    public int[] lrStepEpochs() {
        return lrStepEpochs.clone();
    }

    public double lrStepFactor() {
        return lrStepFactor;
    }

    @Override
    public String toString() {
        return "sgd-nesterov{lr=" + learningRate + ", momentum=" + momentum + ", weight-decay=" + weightDecay
                + ", warmup=" + lrWarmup + ", steps=" + Arrays.toString(lrStepEpochs) + " x" + lrStepFactor + "}";
    }
}
