package io.mmanet.tasks.segmentation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.mmanet.config.ConfigChecks;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.graph.NetworkBlocks;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TeacherNetwork;
import io.mmanet.networks.graph.TrainingGraphBuilder;
import io.mmanet.networks.graph.Trunk;
import io.mmanet.networks.loss.PixelCrossEntropy;
import io.mmanet.networks.loss.SegmentationMadLoss;
import io.mmanet.networks.metrics.ConfusionMatrix;
import io.mmanet.networks.metrics.HeadlineMetric;
import io.mmanet.networks.metrics.SegmentationMetrics;
import io.mmanet.networks.metrics.TaskMetrics;
import io.mmanet.networks.task.Task;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Semantic segmentation (MMANet's second task; spec 1.6, 2.2, 3.6, 4.3; docs/segmentation.md): one
 * class per pixel, labels a flat int[N*H*W] (row-major per sample) with {@link #ignoreLabel()} for
 * pixels without a class. The head is a decoder with skips from the fused levels
 * ({@code SegmentationDecoder}); the losses are the class-weighted per-pixel cross-entropy with the
 * ignore label ({@link PixelCrossEntropy}, also the masked MAR / SR loss) and per-pixel MAD over the
 * three fused levels ({@link SegmentationMadLoss}); the metrics are mIoU, pixel accuracy and
 * per-class IoU of a per-pixel confusion matrix; MAR mining ranks combinations by the squared mIoU
 * difference against full.
 *
 * <p>Settings ({@code model.segmentation}): {@code ignore-label} (default 255),
 * {@code class-weights} (empty = 1 for every class; median frequency from {@link ClassWeights}),
 * {@code mad-max-height} (levels taller than this are average-pooled for MAD, official: 30).
 */
public final class SegmentationTask implements Task {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "segmentation";
    /** The input must be a multiple of this (stem, max-pool and stages 2-4 halve it; the decoder doubles back). */
    public static final int INPUT_MULTIPLE = 32;
    /** Result tables lead with mIoU (the paper's segmentation tables), higher is better. */
    public static final HeadlineMetric MIOU = new HeadlineMetric("miou", "mIoU", true);

    private final int ignoreLabel;
    private final double[] classWeights;
    private final int madMaxHeight;

    public SegmentationTask() {
        this(255, null, 30);
    }

    public SegmentationTask(int ignoreLabel, double[] classWeights, int madMaxHeight) {
        if (madMaxHeight < 1) {
            throw new IllegalArgumentException("mad-max-height must be positive, got " + madMaxHeight);
        }
        this.ignoreLabel = ignoreLabel;
        this.classWeights = classWeights == null || classWeights.length == 0 ? null : classWeights.clone();
        this.madMaxHeight = madMaxHeight;
        if (this.classWeights != null) {
            new PixelCrossEntropy(1, this.classWeights, 1); // validates the values
        }
    }

    /** This task with median-frequency (or any) class weights, one per class. */
    public SegmentationTask withClassWeights(double[] weights) {
        return new SegmentationTask(ignoreLabel, weights, madMaxHeight);
    }

    @Override
    public int ignoreLabel() {
        return ignoreLabel;
    }

    /** Median-frequency weights from the corpus when {@code class-weights} is empty (ESANet's default). */
    @Override
    public Task withCorpusClassWeights(java.util.function.Supplier<double[]> corpusWeights) {
        return classWeights != null ? this : withClassWeights(corpusWeights.get());
    }

    /** The class weights, or null for 1 each. */
    public double[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    public int madMaxHeight() {
        return madMaxHeight;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "one class per pixel; decoder with skips, class-weighted per-pixel cross-entropy with ignore label; mIoU";
    }

    @Override
    public Task configure(Config c) {
        String base = "model." + NAME;
        if (!c.hasPath(base)) {
            return this;
        }
        int ignore = ConfigChecks.intInRange(c, base + ".ignore-label", 0, 65535);
        int maxHeight = ConfigChecks.intInRange(c, base + ".mad-max-height", 1, 100000);
        double[] weights;
        try {
            weights = c.getDoubleList(base + ".class-weights").stream().mapToDouble(Double::doubleValue).toArray();
        } catch (ConfigException e) {
            throw new ConfigValidationException(base + ".class-weights: expected a list of numbers: " + e.getMessage(), e);
        }
        try {
            return new SegmentationTask(ignore, weights, maxHeight);
        } catch (IllegalArgumentException e) {
            throw new ConfigValidationException(base + ".class-weights = " + Arrays.toString(weights) + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void validate(NetworkSpec spec) {
        if (spec.inputHeight() % INPUT_MULTIPLE != 0 || spec.inputWidth() % INPUT_MULTIPLE != 0) {
            throw new IllegalArgumentException("model.input-height / model.input-width = " + spec.inputHeight() + "x"
                    + spec.inputWidth() + ": segmentation needs multiples of " + INPUT_MULTIPLE
                    + " (the decoder upsamples stage 4 back to the input)");
        }
        if (ignoreLabel >= 0 && ignoreLabel < spec.numClasses()) {
            throw new IllegalArgumentException("model.segmentation.ignore-label = " + ignoreLabel + " is a class (num-classes "
                    + spec.numClasses() + ")");
        }
        if (classWeights != null && classWeights.length != spec.numClasses()) {
            throw new IllegalArgumentException("model.segmentation.class-weights has " + classWeights.length
                    + " values for " + spec.numClasses() + " classes (model.num-classes)");
        }
    }

    @Override
    public String head(NetworkBlocks blocks, Trunk trunk) {
        return SegmentationDecoder.add(blocks, trunk);
    }

    /** A second decoder on the deployment network's levels (the official auxi_decoder, spec 1.6). */
    @Override
    public String regularizationHead(NetworkBlocks reg, Trunk deployment) {
        return SegmentationDecoder.add(reg, deployment);
    }

    @Override
    public void output(NetworkBlocks blocks, String name, String logits, ILossFunction loss) {
        blocks.pixelSoftmaxOutput(name, logits, loss);
    }

    private static long pixels(NetworkSpec spec) {
        return (long) spec.inputHeight() * spec.inputWidth();
    }

    @Override
    public ILossFunction outputLoss(NetworkSpec spec) {
        return new PixelCrossEntropy(1.0, classWeights, pixels(spec));
    }

    /** The same weighted mean, over the pixels of the selected samples only (spec 3.6). */
    @Override
    public ILossFunction maskedLoss(NetworkSpec spec, double lambda) {
        return new PixelCrossEntropy(lambda, classWeights, pixels(spec));
    }

    /**
     * The fused levels MAD compares (spec 2.2 adapted): stage 4 (1/32, ESANet's context-module
     * output), stage 3 (1/16, skip3) and the fused tensor (1/8, skip2), as {channels, height,
     * width} before any pooling.
     */
    static int[][] levels(NetworkSpec spec) {
        int h = spec.inputHeight();
        int w = spec.inputWidth();
        return new int[][] {
                {spec.stageWidth(4), h / 32, w / 32},
                {spec.stageWidth(3), h / 16, w / 16},
                {spec.fusedChannels(), h / 8, w / 8}};
    }

    /** The pooling factor of a level of height {@code h}: maps taller than mad-max-height are pooled (30x40 for 60x80). */
    int madPool(int h) {
        return h > madMaxHeight ? (h + madMaxHeight - 1) / madMaxHeight : 1;
    }

    /** The levels as the MAD loss sees them (after pooling). */
    int[][] madLevels(NetworkSpec spec) {
        int[][] lv = levels(spec);
        int[][] out = new int[lv.length][];
        for (int l = 0; l < lv.length; l++) {
            int k = madPool(lv[l][1]);
            out[l] = new int[] {lv[l][0], lv[l][1] / k, lv[l][2] / k};
        }
        return out;
    }

    @Override
    public String relationInput(TrainingGraphBuilder g, TeacherNetwork t, boolean entropyWeighted) {
        NetworkSpec spec = g.spec();
        NetworkBlocks s = g.deployment().blocks();
        NetworkBlocks tb = t.blocks();
        Trunk st = g.deployment().trunk();
        Trunk tt = t.trunk();
        String[] studentMaps = {st.features(), st.stage3(), st.fused()};
        String[] teacherMaps = {tt.features(), tt.stage3(), tt.fused()};
        String tLogits = entropyWeighted ? head(tb, tt) : null;
        int[][] lv = levels(spec);
        List<String> merged = new ArrayList<>();
        for (int l = 0; l < lv.length; l++) {
            int k = madPool(lv[l][1]);
            int c = lv[l][0];
            int h = lv[l][1] / k;
            int w = lv[l][2] / k;
            merged.add(s.flatten("kd_student_l" + l, avgPool(s, "kd_student_pool_l" + l, studentMaps[l], k), h, w, c));
            merged.add(tb.flatten("kd_teacher_l" + l, avgPool(tb, "kd_teacher_pool_l" + l, teacherMaps[l], k), h, w, c));
            if (entropyWeighted) {
                String down = avgPool(tb, "kd_teacher_logits_down_l" + l, tLogits, spec.inputHeight() / lv[l][1]);
                String pooled = avgPool(tb, "kd_teacher_logits_pool_l" + l, down, k);
                merged.add(tb.flatten("kd_teacher_logits_l" + l, pooled, h, w, spec.numClasses()));
            }
        }
        String kdIn = "kd_in";
        g.graph().addVertex(kdIn, new MergeVertex(), merged.toArray(new String[0]));
        return kdIn;
    }

    /** Average pooling by {@code factor} (kernel = stride, truncating); the input itself when 1. */
    private static String avgPool(NetworkBlocks blocks, String local, String input, int factor) {
        if (factor == 1) {
            return input;
        }
        return blocks.layer(local, new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(factor, factor)
                .stride(factor, factor).convolutionMode(ConvolutionMode.Truncate).build(), input);
    }

    @Override
    public ILossFunction relationLoss(NetworkSpec spec, double lambda, boolean entropyWeighted) {
        return new SegmentationMadLoss(lambda, madLevels(spec), spec.numClasses(), entropyWeighted);
    }

    @Override
    public int labelsPerSample(NetworkSpec spec) {
        return spec.inputHeight() * spec.inputWidth();
    }

    /** [N, C, H, W] one-hot; an ignored pixel is all zero (no loss, no gradient). */
    @Override
    public INDArray labels(int[] labels, NetworkSpec spec) {
        int hw = labelsPerSample(spec);
        int c = spec.numClasses();
        if (labels.length % hw != 0) {
            throw new IllegalArgumentException(labels.length + " pixel labels are not a multiple of H*W = " + hw);
        }
        int n = labels.length / hw;
        float[] oneHot = new float[n * c * hw];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < hw; p++) {
                int y = labels[i * hw + p];
                if (y == ignoreLabel) {
                    continue;
                }
                if (y < 0 || y >= c) {
                    throw new IllegalArgumentException("sample " + i + ", pixel " + p + ": label " + y + " is neither a class in [0, "
                            + c + ") nor the ignore label " + ignoreLabel);
                }
                oneHot[(i * c + y) * hw + p] = 1f;
            }
        }
        return cast(Nd4j.create(oneHot, new long[] {n, c, spec.inputHeight(), spec.inputWidth()}, 'c'), spec);
    }

    @Override
    public INDArray exampleMask(float[] perExample, NetworkSpec spec) {
        int block = spec.numClasses() * labelsPerSample(spec);
        float[] mask = new float[perExample.length * block];
        for (int i = 0; i < perExample.length; i++) {
            Arrays.fill(mask, i * block, (i + 1) * block, perExample[i]);
        }
        return cast(Nd4j.create(mask, new long[] {perExample.length, spec.numClasses(), spec.inputHeight(),
                spec.inputWidth()}, 'c'), spec);
    }

    private static INDArray cast(INDArray a, NetworkSpec spec) {
        return spec.dataType() == DataType.FLOAT ? a : a.castTo(spec.dataType());
    }

    /** Per pixel: argmax over the class axis of [N, C, H, W] against the label; ignored pixels are skipped. */
    @Override
    public void countPredictions(INDArray output, int[] labels, ConfusionMatrix counts) {
        if (output.rank() != 4) {
            throw new IllegalArgumentException("expected [N, C, H, W] predictions, got " + Arrays.toString(output.shape()));
        }
        INDArray argmax = output.argMax(1);
        long[] predicted = argmax.dup('c').reshape(argmax.length()).toLongVector();
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predicted pixels for " + labels.length + " labels");
        }
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] != ignoreLabel) {
                counts.add(labels[p], (int) predicted[p]);
            }
        }
    }

    /** mIoU, pixel accuracy and per-class IoU ({@link SegmentationMetrics}, spec 4.3). */
    @Override
    public TaskMetrics metrics(String combination, ConfusionMatrix counts) {
        SegmentationMetrics m = SegmentationMetrics.of(combination, counts);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(MIOU.key(), m.meanIou());
        values.put("pixel_accuracy", m.pixelAccuracy());
        return new TaskMetrics(combination, values, Map.of("iou", m.perClassIou()));
    }

    @Override
    public HeadlineMetric headline() {
        return MIOU;
    }

    /** The confusion matrix counts labelled pixels. */
    @Override
    public String accuracyName() {
        return "pixel accuracy";
    }

    /** (mIoU_c - mIoU_full)^2 (spec 3.6, the official segmentation code); no KL. */
    @Override
    public double miningDiscrepancy(ConfusionMatrix combination, ConfusionMatrix full, double klEpsilon) {
        double d = SegmentationMetrics.meanIou(combination) - SegmentationMetrics.meanIou(full);
        return d * d;
    }

    @Override
    public boolean labelFollowsGeometry() {
        return true;
    }
}
