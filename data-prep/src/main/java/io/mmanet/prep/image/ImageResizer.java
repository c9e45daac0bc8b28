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

    static byte[] bilinear(byte[] src, int h, int w, int c, int outH, int outW) {
        byte[] out = new byte[outH * outW * c];
        int[] xa = new int[outW];
        int[] xb = new int[outW];
        float[] fx = new float[outW];
        for (int x = 0; x < outW; x++) {
            float sx = Math.min(Math.max((x + 0.5f) * w / outW - 0.5f, 0f), w - 1);
            xa[x] = (int) sx;
            xb[x] = Math.min(xa[x] + 1, w - 1);
            fx[x] = sx - xa[x];
        }
        for (int y = 0; y < outH; y++) {
            float sy = Math.min(Math.max((y + 0.5f) * h / outH - 0.5f, 0f), h - 1);
            int ya = (int) sy;
            int yb = Math.min(ya + 1, h - 1);
            float fy = sy - ya;
            int ra = ya * w * c;
            int rb = yb * w * c;
            int o = y * outW * c;
            for (int x = 0; x < outW; x++) {
                int a = xa[x] * c;
                int b = xb[x] * c;
                float f = fx[x];
                for (int k = 0; k < c; k++) {
                    float top = (src[ra + a + k] & 0xFF) * (1 - f) + (src[ra + b + k] & 0xFF) * f;
                    float bottom = (src[rb + a + k] & 0xFF) * (1 - f) + (src[rb + b + k] & 0xFF) * f;
                    out[o++] = (byte) (int) (top * (1 - fy) + bottom * fy + 0.5f);
                }
            }
        }
        return out;
    }
}
