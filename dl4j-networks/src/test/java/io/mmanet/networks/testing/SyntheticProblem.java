package io.mmanet.networks.testing;

import io.mmanet.networks.graph.NetworkSpec;

import java.util.Random;

/**
 * A tiny generated multimodal problem: the class is a bright blob in the top (class 1) or bottom
 * (class 0) half of the image, drawn at a random horizontal position in every modality, plus
 * noise. Every modality alone is informative, so every combination can be learned.
 */
public final class SyntheticProblem {
    private final NetworkSpec spec;
    private final Random random;

    public SyntheticProblem(NetworkSpec spec, long seed) {
        this.spec = spec;
        this.random = new Random(seed);
    }

    public float[][][] pixels;
    public int[] labels;

    /** Generates {@code n} samples into {@link #pixels} and {@link #labels}; returns this. */
    public SyntheticProblem generate(int n) {
        int h = spec.inputHeight();
        int w = spec.inputWidth();
        pixels = new float[n][spec.modalities().size()][];
        labels = new int[n];
        for (int i = 0; i < n; i++) {
            int y = random.nextInt(spec.numClasses());
            labels[i] = y;
            for (int m = 0; m < spec.modalities().size(); m++) {
                int ch = spec.modalities().get(m).channels();
                float[] img = new float[ch * h * w];
                int cx = 2 + random.nextInt(w - 4);
                int cy = y == 1 ? h / 4 : 3 * h / 4;
                for (int c = 0; c < ch; c++) {
                    for (int yy = 0; yy < h; yy++) {
                        for (int xx = 0; xx < w; xx++) {
                            double d2 = (yy - cy) * (yy - cy) + (xx - cx) * (xx - cx);
                            float v = (float) (Math.exp(-d2 / 6.0) + 0.3 * random.nextGaussian());
                            img[(c * h + yy) * w + xx] = v;
                        }
                    }
                }
                pixels[i][m] = img;
            }
        }
        return this;
    }
    /** One epoch of minibatches of {@code batch} rows in order, each row drawing its combination from {@code r}. */
    public java.util.List<org.nd4j.linalg.dataset.api.MultiDataSet> epochData(io.mmanet.networks.data.BatchAssembler a,
            int batch, Random r, java.util.Set<io.mmanet.networks.combination.ModalityCombination> weak, boolean afterWarmup) {
        java.util.List<org.nd4j.linalg.dataset.api.MultiDataSet> data = new java.util.ArrayList<>();
        for (int i = 0; i < labels.length; i += batch) {
            int end = Math.min(labels.length, i + batch);
            float[][][] px = java.util.Arrays.copyOfRange(pixels, i, end);
            data.add(a.assemble(px, java.util.Arrays.copyOfRange(labels, i, end), a.drawCombinations(px, r), weak, afterWarmup));
        }
        return data;
    }
}
