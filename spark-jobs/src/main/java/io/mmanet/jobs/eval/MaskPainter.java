package io.mmanet.jobs.eval;

import io.mmanet.jobs.input.SampleDecoder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Paints what the report shows of a segmentation sample as images: a label mask (ground truth or
 * prediction) in a fixed palette, and a network input (a modality) back in 0-255. Pure: arrays in,
 * {@link BufferedImage}s or PNG bytes out; {@code SampleMasks} decides what is painted and writes it.
 *
 * <p>The palette is PASCAL VOC's (bits of the index spread over the high bits of R, G, B) at index
 * class + 1, so class 0 is dark red, class 1 dark green, ..., 255 classes get distinct colours, and
 * black (VOC's index 0) is left for the ignore label alone. Images are enlarged by whole pixels
 * ({@link #scale}) so a 32x32 mask is still readable in a browser.
 */
public final class MaskPainter {
    /** Colour of ignored pixels (no class). */
    public static final int IGNORE_RGB = 0x000000;
    /** Images are enlarged (nearest neighbour) until their longer side reaches this. */
    static final int TARGET_SIZE = 128;

    private MaskPainter() {
    }

    /** The RGB (0xRRGGBB) of class {@code label}: VOC's colour of index label + 1 (never black for 0..254). */
    public static int colour(int label) {
        int index = label + 1;
        int r = 0;
        int g = 0;
        int b = 0;
        for (int shift = 7; shift >= 0 && index > 0; shift--) {
            r |= (index & 1) << shift;
            g |= ((index >> 1) & 1) << shift;
            b |= ((index >> 2) & 1) << shift;
            index >>= 3;
        }
        return (r << 16) | (g << 8) | b;
    }

    /** {@code #rrggbb} of an RGB value, for the report's legend. */
    public static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xFFFFFF);
    }

    /** The whole-pixel enlargement of an {@code h} x {@code w} image: its longer side reaches {@link #TARGET_SIZE}. */
    public static int scale(int h, int w) {
        int longer = Math.max(1, Math.max(h, w));
        return Math.max(1, (TARGET_SIZE + longer - 1) / longer);
    }

    /**
     * A label mask (row-major H*W class indices) painted in the palette, {@code ignoreLabel} black,
     * each label pixel a {@code scale} x {@code scale} block.
     */
    public static BufferedImage mask(int[] labels, int h, int w, int ignoreLabel, int scale) {
        if (labels.length != h * w) {
            throw new IllegalArgumentException(labels.length + " labels for a " + h + "x" + w + " mask");
        }
        int[] rgb = new int[labels.length];
        for (int p = 0; p < labels.length; p++) {
            rgb[p] = labels[p] == ignoreLabel ? IGNORE_RGB : colour(labels[p]);
        }
        return image(rgb, h, w, scale);
    }

    /**
     * A network input (normalised CHW floats, {@link SampleDecoder}'s (x - 127.5) / 128) back in
     * 0-255: three channels as RGB, any other count as the grey of its first channel (depth).
     */
    public static BufferedImage modality(float[] chw, int channels, int h, int w, int scale) {
        int hw = h * w;
        if (chw.length != channels * hw) {
            throw new IllegalArgumentException(chw.length + " values for " + channels + " channels of " + h + "x" + w);
        }
        int[] rgb = new int[hw];
        for (int p = 0; p < hw; p++) {
            if (channels == 3) {
                rgb[p] = (byteOf(chw[p]) << 16) | (byteOf(chw[hw + p]) << 8) | byteOf(chw[2 * hw + p]);
            } else {
                int v = byteOf(chw[p]);
                rgb[p] = (v << 16) | (v << 8) | v;
            }
        }
        return image(rgb, h, w, scale);
    }

    /** The stored 0-255 value of a normalised input value, rounded and clamped. */
    static int byteOf(float normalised) {
        long v = Math.round(normalised * SampleDecoder.STD + SampleDecoder.MEAN);
        return (int) Math.max(0, Math.min(255, v));
    }

    private static BufferedImage image(int[] rgb, int h, int w, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be positive, got " + scale);
        }
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                img.setRGB(x, y, rgb[(y / scale) * w + x / scale]);
            }
        }
        return img;
    }

    /** The image as PNG bytes (javax.imageio). */
    public static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in javax.imageio");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
