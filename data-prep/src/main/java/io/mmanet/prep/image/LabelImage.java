package io.mmanet.prep.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * A segmentation label image: decoded to its raw sample values (class indices, never colours:
 * a palette PNG gives its palette indices), checked, and resized by nearest neighbour, since an
 * interpolated class index is not a class.
 */
public final class LabelImage {

    /** Why a label image cannot be used; the message names the offending value or size. */
    public static final class BadLabelException extends Exception {
        private final boolean sizeMismatch;

        BadLabelException(String message, boolean sizeMismatch) {
            super(message);
            this.sizeMismatch = sizeMismatch;
        }

        /** True for a size that differs from the modalities'; false for a value outside the classes. */
        public boolean sizeMismatch() {
            return sizeMismatch;
        }
    }

    private LabelImage() {
    }

    /**
     * @param expectedH the source height of the row's images (the label must match it), or -1
     * @param classes   valid values are 0..classes-1 and {@code ignore}
     * @return uint8 class indices (or {@code ignore}), row-major {@code height * width}
     */
    public static byte[] fromEncoded(byte[] encoded, int length, long maxSourcePixels, int expectedH, int expectedW,
                                     int classes, int ignore, int height, int width)
            throws UnreadableImageException, ImageTooLargeException, BadLabelException {
        BufferedImage img = ImageDecoder.decode(encoded, length, maxSourcePixels);
        Raster r = img.getRaster();
        if (r.getNumBands() != 1) {
            throw new UnreadableImageException("a label image has one channel of class indices, this one has "
                    + r.getNumBands());
        }
        int h = img.getHeight();
        int w = img.getWidth();
        if (expectedH >= 0 && (h != expectedH || w != expectedW)) {
            throw new BadLabelException("label image is " + w + "x" + h + " but the images are " + expectedW + "x"
                    + expectedH, true);
        }
        int[] values = r.getSamples(0, 0, w, h, 0, (int[]) null);
        byte[] src = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            if ((v < 0 || v >= classes) && v != ignore) {
                throw new BadLabelException("value " + v + " at (x=" + (i % w) + ", y=" + (i / w)
                        + ") is neither a class index (0.." + (classes - 1) + ") nor corpus.ignore-label = " + ignore,
                        false);
            }
            src[i] = (byte) v;
        }
        return nearest(src, h, w, height, width);
    }

    /**
     * Nearest-neighbour resize with pixel-centre alignment (the source pixel whose area holds the
     * output pixel's centre), the alignment {@link ImageResizer} uses for the modalities.
     */
    public static byte[] nearest(byte[] src, int h, int w, int outH, int outW) {
        if (h == outH && w == outW) {
            return src;
        }
        byte[] out = new byte[outH * outW];
        int[] sx = new int[outW];
        for (int x = 0; x < outW; x++) {
            sx[x] = (int) Math.min(w - 1, ((2L * x + 1) * w) / (2L * outW));
        }
        for (int y = 0; y < outH; y++) {
            int sy = (int) Math.min(h - 1, ((2L * y + 1) * h) / (2L * outH));
            for (int x = 0; x < outW; x++) {
                out[y * outW + x] = src[sy * w + sx[x]];
            }
        }
        return out;
    }
}
