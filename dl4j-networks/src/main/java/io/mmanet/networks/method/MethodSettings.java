package io.mmanet.networks.method;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.mmanet.config.ConfigChecks;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sections {@code method} and {@code optimizer}: which method trains, its loss weights, the warm-up
 * and MAR mining schedule (spec decisions 4-8, section 3.1) and the optimizer.
 */
public final class MethodSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Method method;
    private final double lambdaMad;
    private final double lambdaMar;
    private final int warmupEpochs;
    private final int[] miningEpochs;
    private final String miningSplit;
    private final String fixedCombination;
    private final double klEpsilon;
    private final OptimizerSettings optimizer;
    /** Each registered method's own settings ({@link Method#options}) by method name; methods without own keys absent. */
    private final Map<String, Serializable> options;

    public MethodSettings(Method method, double lambdaMad, double lambdaMar, int warmupEpochs, int[] miningEpochs,
                          String miningSplit, String fixedCombination, double klEpsilon, OptimizerSettings optimizer) {
        this(method, lambdaMad, lambdaMar, warmupEpochs, miningEpochs, miningSplit, fixedCombination, klEpsilon,
                optimizer, methodOptions(ConfigFactory.defaultReference()));
    }

    private MethodSettings(Method method, double lambdaMad, double lambdaMar, int warmupEpochs, int[] miningEpochs,
                           String miningSplit, String fixedCombination, double klEpsilon, OptimizerSettings optimizer,
                           Map<String, Serializable> options) {
        this.options = options;
        this.method = method;
        this.lambdaMad = lambdaMad;
        this.lambdaMar = lambdaMar;
        this.warmupEpochs = warmupEpochs;
        this.miningEpochs = miningEpochs.clone();
        this.miningSplit = miningSplit;
        this.fixedCombination = fixedCombination;
        this.klEpsilon = klEpsilon;
        this.optimizer = optimizer;
    }

    /** The paper's settings for {@code method}: lambda-MAD 30, lambda-MAR 0.5, warm-up 5, mining 2-4 on val. */
    public static MethodSettings paperDefaults(Method method) {
        return new MethodSettings(method, 30.0, 0.5, 5, new int[] {2, 3, 4}, "val", "full", 1e-6,
                OptimizerSettings.paperDefaults());
    }

    public static MethodSettings fromConfig(Config c) {
        Method method;
        String name = ConfigChecks.string(c, "method.name");
        try {
            method = Methods.get(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigValidationException("method.name = '" + name + "' is not allowed; registered methods: "
                    + String.join(", ", Methods.names()), e);
        }
        double lambdaMad = ConfigChecks.doubleInRange(c, "method.lambda-mad", 0.0, 1e6);
        double lambdaMar = ConfigChecks.doubleInRange(c, "method.lambda-mar", 0.0, 1e6);
        int warmup = ConfigChecks.intInRange(c, "method.warmup-epochs", 0, 100000);
        List<Integer> mining;
        try {
            mining = c.getIntList("method.mining-epochs");
        } catch (ConfigException e) {
            throw new ConfigValidationException("method.mining-epochs: expected a list of epochs: " + e.getMessage(), e);
        }
        int[] m = new int[mining.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = mining.get(i);
            if (m[i] < 1 || m[i] > warmup || (i > 0 && m[i] <= m[i - 1])) {
                throw new ConfigValidationException("method.mining-epochs = " + mining
                        + ": expected strictly increasing epochs in [1, method.warmup-epochs = " + warmup + "]");
            }
        }
        String split = ConfigChecks.oneOf(c, "method.mining-split", List.of("val", "train"));
        String fixed = ConfigChecks.string(c, "method.fixed-combination").trim().toLowerCase(Locale.ROOT);
        try {
            ModalityCombination.parse(fixed, Modalities.fromConfig(c));
        } catch (IllegalArgumentException e) {
            throw new ConfigValidationException("method.fixed-combination = '" + fixed + "': " + e.getMessage(), e);
        }
        double eps = ConfigChecks.doubleInRange(c, "method.kl-epsilon", 1e-30, 1.0);
        MethodSettings settings = new MethodSettings(method, lambdaMad, lambdaMar, warmup, m, split, fixed, eps,
                OptimizerSettings.fromConfig(c), methodOptions(c));
        method.validate(settings);
        return settings;
    }

    public MethodSettings withMethod(Method other) {
        return new MethodSettings(other, lambdaMad, lambdaMar, warmupEpochs, miningEpochs, miningSplit,
                fixedCombination, klEpsilon, optimizer, options);
    }

    public MethodSettings withWarmupEpochs(int warmup, int... mining) {
        return new MethodSettings(method, lambdaMad, lambdaMar, warmup, mining, miningSplit,
                fixedCombination, klEpsilon, optimizer, options);
    }

    public MethodSettings withOptimizer(OptimizerSettings o) {
        return new MethodSettings(method, lambdaMad, lambdaMar, warmupEpochs, miningEpochs, miningSplit,
                fixedCombination, klEpsilon, o, options);
    }

    public MethodSettings withFixedCombination(String combination) {
        return new MethodSettings(method, lambdaMad, lambdaMar, warmupEpochs, miningEpochs, miningSplit,
                combination, klEpsilon, optimizer, options);
    }

    /**
     * Every registered method's own settings parsed from {@code c} (all of them, so switching the
     * method with {@link #withMethod} keeps the configured values).
     */
    private static Map<String, Serializable> methodOptions(Config c) {
        Map<String, Serializable> o = new LinkedHashMap<>();
        for (Method m : Methods.all()) {
            Serializable parsed = m.options(c);
            if (parsed != null) {
                o.put(m.name(), parsed);
            }
        }
        return Collections.unmodifiableMap(o);
    }

    /** The current method's own settings ({@link Method#options}), of type {@code type}. */
    public <T extends Serializable> T options(Class<T> type) {
        Serializable o = options.get(method.name());
        if (!type.isInstance(o)) {
            throw new IllegalStateException("method " + method.name() + " has no settings of type " + type.getName());
        }
        return type.cast(o);
    }

    public Method method() {
        return method;
    }

    public double lambdaMad() {
        return lambdaMad;
    }

    public double lambdaMar() {
        return lambdaMar;
    }

    public int warmupEpochs() {
        return warmupEpochs;
    }

    /** 1-based epochs after whose training pass MAR mining runs. */
    public int[] miningEpochs() {
        return miningEpochs.clone();
    }

    /** True if 1-based epoch {@code epoch} is one of {@code method.mining-epochs} (used by methods that mine). */
    public boolean isMiningEpoch(int epoch) {
        return Arrays.stream(miningEpochs).anyMatch(e -> e == epoch);
    }

    /** True if 1-based epoch {@code epoch} trains with MAD/SP and MAR on (spec decision 7). */
    public boolean isAfterWarmup(int epoch) {
        return epoch > warmupEpochs;
    }

    /** "val" or "train". */
    public String miningSplit() {
        return miningSplit;
    }

    public String fixedCombinationName() {
        return fixedCombination;
    }

    /** The SF method's fixed combination (also the teacher's, usually full). */
    public ModalityCombination fixedCombination(Modalities modalities) {
        return ModalityCombination.parse(fixedCombination, modalities);
    }

    public double klEpsilon() {
        return klEpsilon;
    }

    public OptimizerSettings optimizer() {
        return optimizer;
    }

    /** Learning rate by epoch for DL4J (epoch-driven; warm-up over the method's warm-up epochs). */
    public ISchedule learningRateSchedule() {
        return optimizer.learningRateSchedule(warmupEpochs);
    }

    public IUpdater updater() {
        return optimizer.updater(warmupEpochs);
    }

    @Override
    public String toString() {
        return "MethodSettings{" + method.name() + ", lambda-mad=" + lambdaMad + ", lambda-mar=" + lambdaMar
                + ", warmup=" + warmupEpochs + ", mining=" + Arrays.toString(miningEpochs) + " on " + miningSplit
                + ", fixed=" + fixedCombination + ", kl-eps=" + klEpsilon + ", " + optimizer + ", " + options + "}";
    }
}
