package io.mmanet.prep.manifest;

import java.util.Arrays;

/**
 * Class weights for a segmentation loss from the class pixel counts prep writes to the manifest.
 *
 * <p>Median-frequency balancing (Eigen and Fergus 2015, as ESANet computes it for NYUv2):
 * freq_c = pixels of class c / pixels of the label images that contain c; weight_c =
 * median(freq) / freq_c, the median over the classes that occur (the mean of the two middle
 * values for an even count, as numpy's median). A class that never occurs gets weight 0: it
 * contributes nothing to a loss, and a finite weight for it would be arbitrary.
 */
public final class ClassWeights {

    private ClassWeights() {
    }

    /**
     * @param classPixels      per class, its pixels (manifest {@code classPixels} of a split)
     * @param classImagePixels per class, the pixels of the images containing it (manifest {@code classImagePixels})
     */
    public static double[] medianFrequency(long[] classPixels, long[] classImagePixels) {
        if (classPixels.length != classImagePixels.length) {
            throw new IllegalArgumentException("classPixels has " + classPixels.length + " classes, classImagePixels "
                    + classImagePixels.length);
        }
        int k = classPixels.length;
        double[] freq = new double[k];
        double[] present = new double[k];
        int n = 0;
        for (int c = 0; c < k; c++) {
            if (classPixels[c] > 0) {
                if (classImagePixels[c] < classPixels[c]) {
                    throw new IllegalArgumentException("class " + c + ": " + classPixels[c]
                            + " pixels in images of only " + classImagePixels[c] + " pixels");
                }
                freq[c] = classPixels[c] / (double) classImagePixels[c];
                present[n++] = freq[c];
            }
        }
        double[] weights = new double[k];
        if (n == 0) {
            return weights;
        }
        double[] sorted = Arrays.copyOf(present, n);
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        for (int c = 0; c < k; c++) {
            weights[c] = freq[c] > 0 ? median / freq[c] : 0;
        }
        return weights;
    }
}
