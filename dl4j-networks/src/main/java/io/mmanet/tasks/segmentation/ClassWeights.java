package io.mmanet.tasks.segmentation;

import java.util.Arrays;

/**
 * Median-frequency class weights (spec 4.3, NYUv2; ESANet's {@code compute_class_weights}):
 * freq_c = pixels of class c / pixels of the images in which c occurs, w_c = median(freq) / freq_c.
 * A class that never occurs gets weight 0 (ESANet turns its NaN into 0). The data side counts the
 * pixels (prep's per-class frequencies in the manifest); the weights enter the task through
 * {@code model.segmentation.class-weights} or {@link SegmentationTask#withClassWeights}.
 */
public final class ClassWeights {

    private ClassWeights() {
    }

    /**
     * @param classPixels      pixels labelled c over the training split (ignored pixels not counted)
     * @param imagePixelsWithC total pixels of the training images that contain class c at least once
     */
    public static double[] medianFrequency(long[] classPixels, long[] imagePixelsWithC) {
        if (classPixels.length != imagePixelsWithC.length || classPixels.length == 0) {
            throw new IllegalArgumentException("need one count per class in both arrays, got " + classPixels.length
                    + " and " + imagePixelsWithC.length);
        }
        int c = classPixels.length;
        double[] freq = new double[c];
        double[] present = new double[c];
        int k = 0;
        for (int i = 0; i < c; i++) {
            if (classPixels[i] < 0 || imagePixelsWithC[i] < classPixels[i]) {
                throw new IllegalArgumentException("class " + i + ": " + classPixels[i] + " pixels in images of "
                        + imagePixelsWithC[i] + " pixels");
            }
            freq[i] = classPixels[i] == 0 ? Double.NaN : (double) classPixels[i] / imagePixelsWithC[i];
            if (classPixels[i] > 0) {
                present[k++] = freq[i];
            }
        }
        double[] w = new double[c];
        if (k == 0) {
            return w;
        }
        double median = median(Arrays.copyOf(present, k));
        for (int i = 0; i < c; i++) {
            w[i] = Double.isNaN(freq[i]) ? 0 : median / freq[i];
        }
        return w;
    }

    /** Median of the frequencies of the classes that occur (numpy's median over all would be NaN with an absent class). */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
