package io.mmanet.prep.stats;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ChannelMomentsTest {

    /**
     * Grey, RGB and any other channel count agree with a direct computation, for images smaller
     * than, exactly one and more than one block of int sums (all-255 images: the overflow edge).
     */
    @Test
    void momentsAreExactForSmallAndLargeImagesAndMergeInAnyOrder() {
        Random r = new Random(1);
        for (int c : new int[]{1, 2, 3, 4}) {
            for (int pixels : new int[]{7, ChannelMoments.BLOCK_PIXELS, ChannelMoments.BLOCK_PIXELS + 1, 200 * 200}) {
                byte[] a = new byte[pixels * c];
                byte[] b = new byte[pixels * c];
                r.nextBytes(a);
                java.util.Arrays.fill(b, (byte) 255);
                ChannelMoments m = new ChannelMoments(c);
                m.add(a);
                ChannelMoments other = new ChannelMoments(c);
                other.add(b);
                m.merge(other);
                double[] mean = new double[c];
                double[] sq = new double[c];
                for (byte[] img : new byte[][]{a, b}) {
                    for (int i = 0; i < img.length; i++) {
                        mean[i % c] += img[i] & 0xFF;
                        sq[i % c] += (img[i] & 0xFF) * (img[i] & 0xFF);
                    }
                }
                double[] std = new double[c];
                for (int k = 0; k < c; k++) {
                    mean[k] /= 2.0 * pixels;
                    std[k] = Math.sqrt(sq[k] / (2.0 * pixels) - mean[k] * mean[k]);
                }
                assertEquals(2L * pixels, m.pixels());
                assertArrayEquals(mean, m.mean(), 1e-9);
                assertArrayEquals(std, m.std(), 1e-9);
            }
        }
    }
}
