package io.mmanet.prep.image;

/**
 * Resizes row-major HWC uint8 pixels: a box (area) pre-filter when shrinking by 2x or more, so
 * large sources do not alias, then bilinear interpolation with pixel-centre alignment to the exact
 * size. Pure and deterministic: prep and its tests produce identical bytes.
 */
public final class ImageResizer {

    private ImageResizer() {
    }

    public static byte[] resize(byte[] src, int h, int w, int c, int outH, int outW) {
        if (h == outH && w == outW) {
            return src;
        }
        int kh = Math.max(1, h / outH);
        int kw = Math.max(1, w / outW);
        if (kh >= 2 || kw >= 2) {
            int bh = h / kh;
            int bw = w / kw;
            src = boxShrink(src, h, w, c, bh, bw);
            h = bh;
            w = bw;
            if (h == outH && w == outW) {
                return src;
            }
        }
        return bilinear(src, h, w, c, outH, outW);
    }

    /** Averages variable-size blocks that tile the whole source (no edge rows are dropped). */
    static byte[] boxShrink(byte[] src, int h, int w, int c, int outH, int outW) {
        byte[] out = new byte[outH * outW * c];
        int[] acc = new int[outW * c];
        int[] x0 = new int[outW + 1];
        for (int x = 0; x <= outW; x++) {
            x0[x] = (int) ((long) x * w / outW);
        }
        for (int y = 0; y < outH; y++) {
            int y0 = (int) ((long) y * h / outH);
            int y1 = (int) ((long) (y + 1) * h / outH);
            java.util.Arrays.fill(acc, 0);
            for (int sy = y0; sy < y1; sy++) {
                int row = sy * w * c;
                for (int x = 0; x < outW; x++) {
                    for (int sx = x0[x]; sx < x0[x + 1]; sx++) {
                        int s = row + sx * c;
                        for (int k = 0; k < c; k++) {
                            acc[x * c + k] += src[s + k] & 0xFF;
                        }
                    }
                }
            }
            for (int x = 0; x < outW; x++) {
                int n = (y1 - y0) * (x0[x + 1] - x0[x]);
                for (int k = 0; k < c; k++) {
                    out[(y * outW + x) * c + k] = (byte) ((acc[x * c + k] + n / 2) / n);
                }
            }
        }
        return out;
    }

    /**
     * Separable bilinear interpolation in 8-bit fixed point: each source row is interpolated
     * horizontally once (kept while consecutive output rows reuse it), then rows are blended.
     */
    static byte[] bilinear(byte[] src, int h, int w, int c, int outH, int outW) {
        byte[] out = new byte[outH * outW * c];
        int rowLen = outW * c;
        int[] xa = new int[rowLen];
        int[] xb = new int[rowLen];
        int[] fx = new int[rowLen];
        for (int x = 0; x < outW; x++) {
            float sx = Math.min(Math.max((x + 0.5f) * w / outW - 0.5f, 0f), w - 1);
            int a = (int) sx;
            int b = Math.min(a + 1, w - 1);
            int f = Math.round((sx - a) * 256);
            for (int k = 0; k < c; k++) {
                xa[x * c + k] = a * c + k;
                xb[x * c + k] = b * c + k;
                fx[x * c + k] = f;
            }
        }
        int[] top = new int[rowLen];
        int[] bottom = new int[rowLen];
        int topRow = -1;
        int bottomRow = -1;
        for (int y = 0; y < outH; y++) {
            float sy = Math.min(Math.max((y + 0.5f) * h / outH - 0.5f, 0f), h - 1);
            int ya = (int) sy;
            int yb = Math.min(ya + 1, h - 1);
            int fy = Math.round((sy - ya) * 256);
            if (ya != topRow) {
                if (ya == bottomRow) {
                    int[] t = top;
                    top = bottom;
                    bottom = t;
                    bottomRow = -1;
                } else {
                    horizontal(src, ya * w * c, xa, xb, fx, top);
                }
                topRow = ya;
            }
            if (yb != bottomRow) {
                horizontal(src, yb * w * c, xa, xb, fx, bottom);
                bottomRow = yb;
            }
            int o = y * rowLen;
            int gy = 256 - fy;
            for (int i = 0; i < rowLen; i++) {
                out[o + i] = (byte) ((top[i] * gy + bottom[i] * fy + 32768) >> 16);
            }
        }
        return out;
    }

    /** One source row interpolated to the output width, values scaled by 256. */
    private static void horizontal(byte[] src, int row, int[] xa, int[] xb, int[] fx, int[] dst) {
        for (int i = 0; i < dst.length; i++) {
            int f = fx[i];
            dst[i] = (src[row + xa[i]] & 0xFF) * (256 - f) + (src[row + xb[i]] & 0xFF) * f;
        }
    }
}
