package io.mmanet.prep.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * A decoded image as row-major HWC uint8 with the configured channel count (1 or 3). Raw sample
 * values are kept (no colour management), 16-bit samples (depth maps) are scaled to 8 bits by a
 * configurable full-scale value (prep.sixteen-bit-max), alpha is dropped, grey comes from RGB by BT.601 luma and RGB from grey by replication.
 */
public final class PixelExtractor {

    private PixelExtractor() {
    }

    /** 16-bit samples scaled from the full 0..65535 range. */
    public static byte[] toChannels(BufferedImage img, int channels) {
        return toChannels(img, channels, FULL_16_BIT);
    }

    /** The 16-bit value that {@link #toChannels(BufferedImage, int)} maps to 255. */
    public static final int FULL_16_BIT = 65535;

    /**
     * @param sixteenBitMax 16-bit samples map linearly from [0, sixteenBitMax] to [0, 255] (larger
     *                      values saturate): NYUv2 raw depth is millimetres up to ~10 m, which the
     *                      full-range map would squeeze into the 40 lowest levels
     */
    public static byte[] toChannels(BufferedImage img, int channels, int sixteenBitMax) {
        int w = img.getWidth();
        int h = img.getHeight();
        Raster r = img.getRaster();
        int bits = r.getSampleModel().getSampleSize(0);
        if (img.getColorModel() instanceof ComponentColorModel cm && bits == 8 && plainBytes(r)) {
            return interleavedBytes(r, w, h, cm.getNumColorComponents() == 1 ? 1 : 3, channels);
        }
        if (img.getColorModel() instanceof ComponentColorModel cm && (bits == 8 || bits == 16)) {
            int bands = r.getNumBands();
            int colour = cm.getNumColorComponents();
            int[] px = r.getPixels(0, 0, w, h, (int[]) null);
            if (bits == 16) {
                long half = sixteenBitMax / 2;
                for (int i = 0; i < px.length; i++) {
                    px[i] = (int) ((Math.min(px[i], sixteenBitMax) * 255L + half) / sixteenBitMax);
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

    /** One byte bank, no sub-raster offsets: what the PNG, JPEG and BMP decoders produce. */
    private static boolean plainBytes(Raster r) {
        return r.getDataBuffer() instanceof DataBufferByte db && db.getNumBanks() == 1 && db.getOffset() == 0
                && r.getSampleModel() instanceof ComponentSampleModel
                && r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0;
    }

    /** Fast path: reads the decoder's byte buffer directly (bands in colour order R, G, B or grey). */
    private static byte[] interleavedBytes(Raster r, int w, int h, int colour, int channels) {
        ComponentSampleModel sm = (ComponentSampleModel) r.getSampleModel();
        byte[] data = ((DataBufferByte) r.getDataBuffer()).getData();
        int[] bank = sm.getBankIndices();
        for (int b : bank) {
            if (b != 0) {
                return convert(r.getPixels(0, 0, w, h, (int[]) null), w * h, r.getNumBands(), colour, channels);
            }
        }
        int[] off = sm.getBandOffsets();
        int ps = sm.getPixelStride();
        int ss = sm.getScanlineStride();
        byte[] out = new byte[w * h * channels];
        int o = 0;
        for (int y = 0; y < h; y++) {
            int row = y * ss;
            for (int x = 0; x < w; x++) {
                int p = row + x * ps;
                if (colour == 1) {
                    byte g = data[p + off[0]];
                    out[o++] = g;
                    if (channels == 3) {
                        out[o++] = g;
                        out[o++] = g;
                    }
                } else if (channels == 3) {
                    out[o++] = data[p + off[0]];
                    out[o++] = data[p + off[1]];
                    out[o++] = data[p + off[2]];
                } else {
                    out[o++] = (byte) luma(data[p + off[0]] & 0xFF, data[p + off[1]] & 0xFF, data[p + off[2]] & 0xFF);
                }
            }
        }
        return out;
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
