package io.mmanet.networks.testing;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.Modality;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.tasks.segmentation.SegmentationTask;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Tiny in-memory RGB-D scenes with per-pixel labels: background (0), a square that only RGB shows
 * (1, bright in RGB, flat in depth) and a square that only depth shows (2, raised in depth,
 * invisible in RGB), plus noise; a one-pixel border is the ignore label. Each modality alone
 * decides one of the two object classes, so neither single modality is complete.
 */
public final class SegmentationProblem {
    public static final int IGNORE = 255;
    private final NetworkSpec spec;
    private final Random random;

    public float[][][] pixels;
    /** Flat per-pixel labels, row-major per sample. */
    public int[] labels;

    public SegmentationProblem(NetworkSpec spec, long seed) {
        this.spec = spec;
        this.random = new Random(seed);
    }

    /** RGB (3 channels) + depth (1), 32x32, widths 4/8/8/8, one block per stage, 3 classes. */
    public static NetworkSpec spec(DataType dataType) {
        return NetworkSpec.builder(Modalities.of(new Modality("rgb", 3), new Modality("depth", 1))).input(32, 32)
                .stemWidth(4).stageWidths(4, 8, 8, 8).blocksPerStage(1, 1, 1, 1).seReduction(4).numClasses(3)
                .task(new SegmentationTask()).seed(7).dataType(dataType).build();
    }

    public SegmentationProblem generate(int n) {
        int h = spec.inputHeight();
        int w = spec.inputWidth();
        pixels = new float[n][2][];
        labels = new int[n * h * w];
        for (int i = 0; i < n; i++) {
            float[] rgb = new float[3 * h * w];
            float[] depth = new float[h * w];
            int[] lab = new int[h * w];
            paint(lab, 1, 6 + random.nextInt(8), h, w);
            paint(lab, 2, 6 + random.nextInt(8), h, w);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    for (int c = 0; c < 3; c++) {
                        rgb[c * h * w + p] = (float) ((lab[p] == 1 ? 1.0 : 0.0) + 0.3 * random.nextGaussian());
                    }
                    depth[p] = (float) ((lab[p] == 2 ? 1.0 : 0.0) + 0.3 * random.nextGaussian());
                    if (y == 0 || x == 0 || y == h - 1 || x == w - 1) {
                        lab[p] = IGNORE;
                    }
                }
            }
            pixels[i][0] = rgb;
            pixels[i][1] = depth;
            System.arraycopy(lab, 0, labels, i * h * w, h * w);
        }
        return this;
    }

    private void paint(int[] lab, int cls, int size, int h, int w) {
        int y0 = random.nextInt(h - size);
        int x0 = random.nextInt(w - size);
        for (int y = y0; y < y0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                lab[y * w + x] = cls;
            }
        }
    }

    public int[] labelsOf(int from, int to) {
        int hw = spec.inputHeight() * spec.inputWidth();
        return Arrays.copyOfRange(labels, from * hw, to * hw);
    }

    /** One epoch of minibatches of {@code batch} rows, each row drawing its combination from {@code r}. */
    public List<MultiDataSet> epochData(BatchAssembler a, int batch, Random r, Set<ModalityCombination> weak,
                                        boolean afterWarmup) {
        List<MultiDataSet> data = new ArrayList<>();
        for (int i = 0; i < pixels.length; i += batch) {
            int end = Math.min(pixels.length, i + batch);
            float[][][] px = Arrays.copyOfRange(pixels, i, end);
            data.add(a.assemble(px, labelsOf(i, end), a.drawCombinations(px, r), weak, afterWarmup));
        }
        return data;
    }
}
