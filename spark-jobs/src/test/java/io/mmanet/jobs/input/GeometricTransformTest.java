package io.mmanet.jobs.input;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class GeometricTransformTest {
    private static final float[] MEAN = {127.5f};
    private static final float[] STD = {128f};

    private static byte[] gradient(int h, int w) {
        byte[] b = new byte[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b[y * w + x] = (byte) (10 * y + x);
            }
        }
        return b;
    }

    @Test
    void resizeToTheSameSizeIsExactlyTheNormalisedImage() {
        byte[] img = gradient(6, 5);
        float[] out = GeometricTransform.resize(6, 5).apply(img, 6, 5, 1, MEAN, STD);
        for (int i = 0; i < img.length; i++) {
            assertEquals(((img[i] & 0xFF) - 127.5f) / 128f, out[i], 1e-6);
        }
    }

    @Test
    void hwcIsReturnedAsChw() {
        byte[] img = {1, 2, 3, 4, 5, 6}; // 1x2 pixels, 3 channels
        float[] out = GeometricTransform.resize(1, 2).apply(img, 1, 2, 3, new float[3], new float[] {1, 1, 1});
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, out);
    }

    @Test
    void theSameDrawnTransformKeepsModalitiesAligned() {
        AugmentSettings a = new AugmentSettings(true, 1.3, 30, true);
        byte[] img = gradient(12, 12);
        GeometricTransform t = GeometricTransform.draw(new Random(3), a, 10, 10);
        float[] rgbLike = t.apply(img, 12, 12, 1, MEAN, STD);
        float[] irLike = t.apply(img, 12, 12, 1, MEAN, STD);
        assertArrayEquals(rgbLike, irLike);
        // Same seed, same draw; another seed, another transform.
        assertArrayEquals(rgbLike, GeometricTransform.draw(new Random(3), a, 10, 10).apply(img, 12, 12, 1, MEAN, STD));
        float[] other = GeometricTransform.draw(new Random(4), a, 10, 10).apply(img, 12, 12, 1, MEAN, STD);
        assertNotEquals(java.util.Arrays.toString(rgbLike), java.util.Arrays.toString(other));
    }

    @Test
    void flipOnlyMirrorsColumns() {
        byte[] img = gradient(4, 4);
        AugmentSettings flipOnly = new AugmentSettings(true, 1.0, 0, true);
        Random r = new Random(0);
        GeometricTransform t;
        // Find a draw that flips (p = 0.5).
        do {
            t = GeometricTransform.draw(r, flipOnly, 4, 4);
        } while (t.apply(img, 4, 4, 1, new float[1], new float[] {1})[0] == 0f);
        float[] out = t.apply(img, 4, 4, 1, new float[1], new float[] {1});
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(10 * y + (3 - x), out[y * 4 + x], 1e-5);
            }
        }
    }
}
