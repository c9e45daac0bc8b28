package io.mmanet.networks.testing;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.graph.NetworkSpec;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Random;

/** Small specs and generated samples shared by the tests (and by other modules through the test jar). */
public final class TinyNetworks {

    private TinyNetworks() {
    }

    /** 3 modalities (3/1/1 channels), 16x16 input, widths 4/8/8/8, one block per stage: stage 4 is 8x1x1. */
    public static NetworkSpec tiny(DataType dataType) {
        return NetworkSpec.builder(Modalities.rgbDepthIr()).input(16, 16).stemWidth(4)
                .stageWidths(4, 8, 8, 8).blocksPerStage(1, 1, 1, 1).seReduction(4).numClasses(2)
                .seed(7).dataType(dataType).build();
    }

    /** Random pixels in [-1, 1] for every modality of {@code n} samples. */
    public static float[][][] randomPixels(NetworkSpec spec, int n, Random random) {
        float[][][] p = new float[n][spec.modalities().size()][];
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < spec.modalities().size(); m++) {
                p[i][m] = randomImage(spec, m, random);
            }
        }
        return p;
    }

    public static float[] randomImage(NetworkSpec spec, int m, Random random) {
        float[] img = new float[spec.modalities().get(m).channels() * spec.inputHeight() * spec.inputWidth()];
        for (int k = 0; k < img.length; k++) {
            img[k] = random.nextFloat() * 2f - 1f;
        }
        return img;
    }

    public static int[] randomLabels(int n, int classes, Random random) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = random.nextInt(classes);
        }
        return l;
    }
}
