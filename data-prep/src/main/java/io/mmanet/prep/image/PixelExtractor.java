package io.mmanet.prep.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;

/**
 * A decoded image as row-major HWC uint8 with the configured channel count (1 or 3). Raw sample
 * values are kept (no colour management), 16-bit samples (depth maps) are scaled to 8 bits, alpha
 * is dropped, grey comes from RGB by BT.601 luma and RGB from grey by replication.
 */
public final class PixelExtractor {

    private PixelExtractor() {
    }

    public static byte[] toChannels(BufferedImage img, int channels) {
        int w = img.getWidth();
        int h = img.getHeight();
        Raster r = img.getRaster();
        int bits = r.getSampleModel().getSampleSize(0);
        if (img.getColorModel() instanceof ComponentColorModel cm && (bits == 8 || bits == 16)) {
            int bands = r.getNumBands();
            int colour = cm.getNumColorComponents();
            int[] px = r.getPixels(0, 0, w, h, (int[]) null);
            if (bits == 16) {
                for (int i = 0; i < px.length; i++) {
                    px[i] = (px[i] * 255 + 32767) / 65535;
                }
            }
            return convert(px, w * h, bands, colour == 1 ? 1 : 3, channels);
        }
        // Palette, packed-int and other layouts: let Java2D give sRGB ARGB.
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        int[] px = new int[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            px[3 * i] = (argb[i] >> 16) & 0xFF;
            px[3 * i + 1] = (argb[i] >> 8) & 0xFF;
            px[3 * i + 2] = argb[i] & 0xFF;
        }
        return convert(px, w * h, 3, 3, channels);
    }

    /** @param stride samples per pixel in px; colour = 1 (grey) or 3 (R, G, B first) */
    private static byte[] convert(int[] px, int pixels, int stride, int colour, int channels) {
        byte[] out = new byte[pixels * channels];
        for (int i = 0, s = 0; i < pixels; i++, s += stride) {
            if (channels == 1) {
                out[i] = (byte) (colour == 1 ? px[s] : luma(px[s], px[s + 1], px[s + 2]));
            } else if (colour == 1) {
                byte g = (byte) px[s];
                out[3 * i] = g;
                out[3 * i + 1] = g;
                out[3 * i + 2] = g;
            } else {
                out[3 * i] = (byte) px[s];
                out[3 * i + 1] = (byte) px[s + 1];
                out[3 * i + 2] = (byte) px[s + 2];
            }
        }
        return out;
    }

    static int luma(int r, int g, int b) {
        return (299 * r + 587 * g + 114 * b + 500) / 1000;
    }
}
