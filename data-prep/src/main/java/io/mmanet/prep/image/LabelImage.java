package io.mmanet.prep.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * A segmentation label image: decoded to its raw sample values (class indices, never colours:
 * a palette PNG gives its palette indices), checked, and resized by nearest neighbour, since an
 * interpolated class index is not a class.
 *
 * @param values uint8 class indices or the ignore value, row-major {@code height * width}
 */
public record LabelImage(byte[] values, int height, int width) {

    /** A label pixel that is neither a class index nor the ignore value; the message names it. */
    public static final class OutOfRangeException extends Exception {
        OutOfRangeException(String message) {
            super(message);
        }
    }

    /**
     * @param classes valid values are 0..classes-1 and {@code ignore}
     */
    public static LabelImage decode(byte[] encoded, int length, long maxSourcePixels, int classes, int ignore)
            throws UnreadableImageException, ImageTooLargeException, OutOfRangeException {
        BufferedImage img = ImageDecoder.decode(encoded, length, maxSourcePixels);
        Raster r = img.getRaster();
        if (r.getNumBands() != 1) {
            throw new UnreadableImageException("a label image has one channel of class indices, this one has "
                    + r.getNumBands());
        }
        int h = img.getHeight();
        int w = img.getWidth();
        int[] samples = r.getSamples(0, 0, w, h, 0, (int[]) null);
        byte[] values = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            int v = samples[i];
            if ((v < 0 || v >= classes) && v != ignore) {
                throw new OutOfRangeException("value " + v + " at (x=" + (i % w) + ", y=" + (i / w)
                        + ") is neither a class index (0.." + (classes - 1) + ") nor corpus.ignore-label = " + ignore);
            }
            values[i] = (byte) v;
        }
        return new LabelImage(values, h, w);
    }

    /** The values at the stored size, by {@link #nearest}. */
    public byte[] resized(int outH, int outW) {
        return nearest(values, height, width, outH, outW);
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
