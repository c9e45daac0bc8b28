package io.mmanet.jobs.input;

import java.util.Random;

/**
 * One geometric transform (resize, rotation about the centre, crop offset, flip) drawn per sample
 * and applied identically to every modality and to a segmentation label image, so they stay
 * pixel-aligned. Images are sampled bilinearly, pixels from outside the image are 0 (black), as in
 * the official rotation code; label images are sampled by nearest neighbour (an interpolated class
 * index is no class) and pixels from outside the image get the ignore value.
 */
public final class GeometricTransform {
    private final int outH;
    private final int outW;
    private final int canvasH;
    private final int canvasW;
    private final double cos;
    private final double sin;
    private final int offY;
    private final int offX;
    private final boolean flip;

    private GeometricTransform(int outH, int outW, int canvasH, int canvasW, double degrees, int offY, int offX,
                               boolean flip) {
        this.outH = outH;
        this.outW = outW;
        this.canvasH = canvasH;
        this.canvasW = canvasW;
        double rad = Math.toRadians(degrees);
        this.cos = Math.cos(rad);
        this.sin = Math.sin(rad);
        this.offY = offY;
        this.offX = offX;
        this.flip = flip;
    }

    /** Evaluation: plain resize of the source to the output size. */
    public static GeometricTransform resize(int outH, int outW) {
        return new GeometricTransform(outH, outW, outH, outW, 0, 0, 0, false);
    }

    /** A fixed transform (tests; callers that replay a known augmentation). */
    static GeometricTransform of(int outH, int outW, int canvasH, int canvasW, double degrees, int offY, int offX,
                                 boolean flip) {
        return new GeometricTransform(outH, outW, canvasH, canvasW, degrees, offY, offX, flip);
    }

    /** Training: draws the transform from {@code rng} (a fixed number of draws, in a fixed order). */
    public static GeometricTransform draw(Random rng, AugmentSettings a, int outH, int outW) {
        if (!a.enabled()) {
            return resize(outH, outW);
        }
        int canvasH = (int) Math.round(outH * a.resizeRatio());
        int canvasW = (int) Math.round(outW * a.resizeRatio());
        int degrees = a.rotateDegrees() == 0 ? 0 : rng.nextInt(2 * a.rotateDegrees() + 1) - a.rotateDegrees();
        int offY = rng.nextInt(canvasH - outH + 1);
        int offX = rng.nextInt(canvasW - outW + 1);
        boolean flip = a.flip() && rng.nextBoolean();
        return new GeometricTransform(outH, outW, canvasH, canvasW, degrees, offY, offX, flip);
    }

    /**
     * Applies the transform to one modality.
     *
     * @param hwc      uint8 pixels, row-major HWC
     * @param mean     per-channel mean subtracted after sampling
     * @param std      per-channel divisor
     * @return normalised CHW floats of size channels x outH x outW
     */
    public float[] apply(byte[] hwc, int srcH, int srcW, int channels, float[] mean, float[] std) {
        if (hwc.length != srcH * srcW * channels) {
            throw new IllegalArgumentException("image has " + hwc.length + " bytes, expected " + srcH + "x" + srcW
                    + "x" + channels);
        }
        float[] out = new float[channels * outH * outW];
        double[] src = sourceCoordinates(srcH, srcW);
        int plane = outH * outW;
        for (int o = 0; o < plane; o++) {
            double y = src[2 * o];
            double x = src[2 * o + 1];
            for (int c = 0; c < channels; c++) {
                out[c * plane + o] = (sample(hwc, srcH, srcW, channels, c, y, x) - mean[c]) / std[c];
            }
        }
        return out;
    }

    /**
     * Applies the transform to a label image: nearest neighbour, {@code ignore} for output pixels
     * whose source lies outside the image (rotation corners, crops beyond the border).
     *
     * @param labels uint8 class indices, row-major {@code srcH * srcW}
     * @return class indices (or {@code ignore}), row-major {@code outH * outW}
     */
    public int[] applyToLabels(byte[] labels, int srcH, int srcW, int ignore) {
        if (labels.length != srcH * srcW) {
            throw new IllegalArgumentException("label image has " + labels.length + " bytes, expected " + srcH + "x"
                    + srcW);
        }
        double[] src = sourceCoordinates(srcH, srcW);
        int[] out = new int[outH * outW];
        for (int o = 0; o < out.length; o++) {
            double y = src[2 * o];
            double x = src[2 * o + 1];
            if (outside(srcH, srcW, y, x)) {
                out[o] = ignore;
            } else {
                // The source pixel whose area holds (y, x); +0.5 turns centre coordinates into areas.
                int yi = Math.min(srcH - 1, Math.max(0, (int) Math.floor(y + 0.5)));
                int xi = Math.min(srcW - 1, Math.max(0, (int) Math.floor(x + 0.5)));
                out[o] = labels[yi * srcW + xi] & 0xFF;
            }
        }
        return out;
    }

    /** Per output pixel (row-major), the source coordinates (y, x) it samples, pixel centres aligned. */
    private double[] sourceCoordinates(int srcH, int srcW) {
        double[] src = new double[2 * outH * outW];
        double sy = (double) srcH / canvasH;
        double sx = (double) srcW / canvasW;
        double cy = (canvasH - 1) / 2.0;
        double cx = (canvasW - 1) / 2.0;
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                double py = oy + offY;
                double px = (flip ? outW - 1 - ox : ox) + offX;
                // Inverse rotation: which resized-canvas pixel lands on (py, px).
                double dy = py - cy;
                double dx = px - cx;
                double ry = cos * dy - sin * dx + cy;
                double rx = sin * dy + cos * dx + cx;
                // Canvas -> source (pixel centres aligned).
                int o = 2 * (oy * outW + ox);
                src[o] = (ry + 0.5) * sy - 0.5;
                src[o + 1] = (rx + 0.5) * sx - 0.5;
            }
        }
        return src;
    }

    private static boolean outside(int h, int w, double y, double x) {
        return y < -0.5 || x < -0.5 || y > h - 0.5 || x > w - 0.5;
    }

    private static float sample(byte[] hwc, int h, int w, int channels, int c, double y, double x) {
        if (outside(h, w, y, x)) {
            return 0f;
        }
        double yc = Math.min(Math.max(y, 0), h - 1);
        double xc = Math.min(Math.max(x, 0), w - 1);
        int y0 = (int) Math.floor(yc);
        int x0 = (int) Math.floor(xc);
        int y1 = Math.min(y0 + 1, h - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        double fy = yc - y0;
        double fx = xc - x0;
        double v00 = hwc[(y0 * w + x0) * channels + c] & 0xFF;
        double v01 = hwc[(y0 * w + x1) * channels + c] & 0xFF;
        double v10 = hwc[(y1 * w + x0) * channels + c] & 0xFF;
        double v11 = hwc[(y1 * w + x1) * channels + c] & 0xFF;
        return (float) ((v00 * (1 - fx) + v01 * fx) * (1 - fy) + (v10 * (1 - fx) + v11 * fx) * fy);
    }
}
