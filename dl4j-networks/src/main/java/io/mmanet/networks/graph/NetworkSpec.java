package io.mmanet.networks.graph;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.mmanet.config.ConfigChecks;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.task.Task;
import io.mmanet.networks.task.Tasks;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Shape of the SF network family (spec section 1.1/1.2), read from the {@code model} and
 * {@code modalities} sections. The paper-scale network (112x112, widths 64/128/256/512, two basic
 * blocks per stage, SE reduction 16) and small CPU shapes are both just values of this class.
 */
public final class NetworkSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Modalities modalities;
    private final int inputHeight;
    private final int inputWidth;
    private final int stemWidth;
    private final int[] stageWidths;
    private final int[] blocksPerStage;
    private final int seReduction;
    private final int numClasses;
    private final Task task;
    private final long seed;
    private final DataType dataType;
    private final double bnDecay;
    private final double bnEpsilon;

    private NetworkSpec(Builder b) {
        this.modalities = b.modalities;
        this.inputHeight = b.inputHeight;
        this.inputWidth = b.inputWidth;
        this.stemWidth = b.stemWidth;
        this.stageWidths = b.stageWidths.clone();
        this.blocksPerStage = b.blocksPerStage.clone();
        this.seReduction = b.seReduction;
        this.numClasses = b.numClasses;
        this.task = b.task;
        this.seed = b.seed;
        this.dataType = b.dataType;
        this.bnDecay = b.bnDecay;
        this.bnEpsilon = b.bnEpsilon;
        validate();
    }

    public static Builder builder(Modalities modalities) {
        return new Builder(modalities);
    }

    public Builder toBuilder() {
        Builder b = new Builder(modalities);
        b.inputHeight = inputHeight;
        b.inputWidth = inputWidth;
        b.stemWidth = stemWidth;
        b.stageWidths = stageWidths.clone();
        b.blocksPerStage = blocksPerStage.clone();
        b.seReduction = seReduction;
        b.numClasses = numClasses;
        b.task = task;
        b.seed = seed;
        b.dataType = dataType;
        b.bnDecay = bnDecay;
        b.bnEpsilon = bnEpsilon;
        return b;
    }

    /** Reads sections {@code model} and {@code modalities}; every bad value names its key. */
    public static NetworkSpec fromConfig(Config c) {
        Builder b = new Builder(Modalities.fromConfig(c));
        b.inputHeight = ConfigChecks.intInRange(c, "model.input-height", 8, 4096);
        b.inputWidth = ConfigChecks.intInRange(c, "model.input-width", 8, 4096);
        b.stemWidth = ConfigChecks.intInRange(c, "model.stem-width", 1, 4096);
        b.stageWidths = intList(c, "model.stage-widths", 4, 1, 8192);
        b.blocksPerStage = intList(c, "model.blocks-per-stage", 4, 1, 64);
        b.seReduction = ConfigChecks.intInRange(c, "model.se-reduction", 1, 1024);
        b.numClasses = ConfigChecks.intInRange(c, "model.num-classes", 2, 100000);
        b.task = Tasks.get(ConfigChecks.oneOf(c, "model.task", Tasks.names())).configure(c);
        b.seed = ConfigChecks.longInRange(c, "model.seed", Long.MIN_VALUE, Long.MAX_VALUE);
        String dt = ConfigChecks.oneOf(c, "model.data-type", List.of("float", "double"));
        b.dataType = dt.equals("double") ? DataType.DOUBLE : DataType.FLOAT;
        b.bnDecay = ConfigChecks.doubleInRange(c, "model.bn-decay", 0.0, 1.0);
        b.bnEpsilon = ConfigChecks.doubleInRange(c, "model.bn-epsilon", 1e-12, 1.0);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigValidationException("model: " + e.getMessage(), e);
        }
    }

    private static int[] intList(Config c, String key, int size, int min, int max) {
        List<Integer> values;
        try {
            values = c.getIntList(key);
        } catch (ConfigException e) {
            throw new ConfigValidationException(key + ": expected a list of " + size + " integers: " + e.getMessage(), e);
        }
        if (values.size() != size) {
            throw new ConfigValidationException(key + " = " + values + ": expected exactly " + size
                    + " values (stages 1 to 4)");
        }
        int[] r = new int[size];
        for (int i = 0; i < size; i++) {
            int v = values.get(i);
            if (v < min || v > max) {
                throw new ConfigValidationException(key + "[" + i + "] = " + v + " is out of range [" + min + ", " + max + "]");
            }
            r[i] = v;
        }
        return r;
    }

    private void validate() {
        if (stageWidths.length != 4 || blocksPerStage.length != 4) {
            throw new IllegalArgumentException("stage-widths and blocks-per-stage need 4 values");
        }
        if (stageWidths[1] / seReduction < 1) {
            throw new IllegalArgumentException("se-reduction " + seReduction + " is larger than the stage-2 width "
                    + stageWidths[1]);
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("data type must be float or double, got " + dataType);
        }
        task.validate(this);
    }

    /** Spatial size after a 3x3 stride-2 "same" convolution or pooling. */
    private static int half(int size) {
        return (size + 1) / 2;
    }

    /** Height of the stage-4 output (stem /2, max-pool /2, stages 2-4 /2 each). */
    public int finalHeight() {
        return half(half(half(half(half(inputHeight)))));
    }

    public int finalWidth() {
        return half(half(half(half(half(inputWidth)))));
    }

    /** Per-sample size of the stage-4 feature map F used by MAD and SP (spec 2.1). */
    public int featureSize() {
        return stageWidths[3] * finalHeight() * finalWidth();
    }

    /** Channels of the fused tensor: M encoders of stage-2 width, concatenated. */
    public int fusedChannels() {
        return modalities.size() * stageWidths[1];
    }

    public Modalities modalities() {
        return modalities;
    }

    public int inputHeight() {
        return inputHeight;
    }

    public int inputWidth() {
        return inputWidth;
    }

    public int stemWidth() {
        return stemWidth;
    }

    public int stageWidth(int stage) {
        return stageWidths[stage - 1];
    }

    public int blocks(int stage) {
        return blocksPerStage[stage - 1];
    }

    public int seReduction() {
        return seReduction;
    }

    public int numClasses() {
        return numClasses;
    }

    /** What the network predicts ({@code model.task}; classification by default). */
    public Task task() {
        return task;
    }

    public long seed() {
        return seed;
    }

    public DataType dataType() {
        return dataType;
    }

    public double bnDecay() {
        return bnDecay;
    }

    public double bnEpsilon() {
        return bnEpsilon;
    }

    @Override
    public String toString() {
        return "NetworkSpec{modalities=" + modalities.names() + ", input=" + inputHeight + "x" + inputWidth
                + ", stem=" + stemWidth + ", widths=" + Arrays.toString(stageWidths) + ", blocks="
                + Arrays.toString(blocksPerStage) + ", se=" + seReduction + ", classes=" + numClasses
                + ", seed=" + seed + ", " + dataType + "}";
    }

    /** Builder with the paper-scale defaults. */
    public static final class Builder {
        private final Modalities modalities;
        private int inputHeight = 112;
        private int inputWidth = 112;
        private int stemWidth = 64;
        private int[] stageWidths = {64, 128, 256, 512};
        private int[] blocksPerStage = {2, 2, 2, 2};
        private int seReduction = 16;
        private int numClasses = 2;
        private Task task = Tasks.classification();
        private long seed = 42;
        private DataType dataType = DataType.FLOAT;
        private double bnDecay = 0.9;
        private double bnEpsilon = 1e-5;

        private Builder(Modalities modalities) {
            this.modalities = modalities;
        }

        public Builder input(int height, int width) {
            this.inputHeight = height;
            this.inputWidth = width;
            return this;
        }

        public Builder stemWidth(int w) {
            this.stemWidth = w;
            return this;
        }

        public Builder stageWidths(int... w) {
            this.stageWidths = w.clone();
            return this;
        }

        public Builder blocksPerStage(int... b) {
            this.blocksPerStage = b.clone();
            return this;
        }

        public Builder seReduction(int r) {
            this.seReduction = r;
            return this;
        }

        public Builder numClasses(int n) {
            this.numClasses = n;
            return this;
        }

        public Builder task(Task t) {
            this.task = t;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder dataType(DataType t) {
            this.dataType = t;
            return this;
        }

        public Builder bnDecay(double d) {
            this.bnDecay = d;
            return this;
        }

        public Builder bnEpsilon(double e) {
            this.bnEpsilon = e;
            return this;
        }

        public NetworkSpec build() {
            return new NetworkSpec(this);
        }
    }
}
