package io.mmanet.compat;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch-norm and max-pooling loops give the same bits on one thread and on several
 * ({@link LoopThreads} splits channels or planes, never a sum), and the splitting itself covers
 * every index once, stays on the caller for small work, and hands a helper's failure back.
 */
class LoopThreadsTest {

    private static FloatBuffer random(int size, long seed) {
        Random r = new Random(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (r.nextGaussian() * 2 + 0.5);
        }
        return FloatBuffer.wrap(v);
    }

    private static float[] floats(FloatBuffer b) {
        return b.array().clone();
    }

    @Test
    void batchNormIsBitIdenticalOnOneAndOnThreeThreads() {
        long[] shape = {8, 12, 10, 9}; // 12 channels of 720 floats: split into 3 ranges on 3 threads
        int size = 8 * 12 * 90;
        FloatBuffer x = random(size, 1);
        FloatBuffer g = random(size, 2);
        float[] gamma = floats(random(12, 3));
        float[] beta = floats(random(12, 4));
        double[][] mean = new double[2][12];
        double[][] var = new double[2][12];
        float[][] out = new float[2][];
        float[][] dx = new float[2][];
        double[][] dGamma = new double[2][12];
        double[][] dBeta = new double[2][12];
        int[] threads = {1, 3};
        for (int t = 0; t < 2; t++) {
            BatchNormArithmetic bn = new BatchNormArithmetic(shape, threads[t]);
            bn.statistics(x, mean[t], var[t]);
            FloatBuffer y = FloatBuffer.allocate(size);
            bn.normalize(x, mean[t], var[t], gamma, beta, 1e-5, y);
            out[t] = floats(y);
            FloatBuffer d = FloatBuffer.allocate(size);
            bn.backward(x, g, mean[t], var[t], gamma, 1e-5, d, dGamma[t], dBeta[t]);
            dx[t] = floats(d);
        }
        assertArrayEquals(mean[0], mean[1], 0);
        assertArrayEquals(var[0], var[1], 0);
        assertArrayEquals(out[0], out[1], 0f);
        assertArrayEquals(dx[0], dx[1], 0f);
        assertArrayEquals(dGamma[0], dGamma[1], 0);
        assertArrayEquals(dBeta[0], dBeta[1], 0);

        // and the statistics are the plain formulas
        double s = 0;
        for (int i = 0; i < 8; i++) {
            for (int k = 0; k < 90; k++) {
                s += x.get((i * 12 + 5) * 90 + k);
            }
        }
        assertEquals(s / 720, mean[1][5], 1e-12);
    }

    @Test
    void maxPoolingIsBitIdenticalOnOneAndOnThreeThreads() {
        long[] shape = {6, 10, 20, 19}; // 60 planes of 380 floats
        int size = 6 * 10 * 20 * 19;
        FloatBuffer x = random(size, 5);
        int outH = 10;
        int outW = 10;
        FloatBuffer g = random(6 * 10 * outH * outW, 6);
        float[][] y = new float[2][];
        float[][] dx = new float[2][];
        int[] threads = {1, 3};
        for (int t = 0; t < 2; t++) {
            MaxPoolArithmetic pool = new MaxPoolArithmetic(shape, outH, outW, new int[] {3, 3}, new int[] {2, 2},
                    new int[] {1, 1}, threads[t]);
            FloatBuffer out = FloatBuffer.allocate(6 * 10 * outH * outW);
            int[] argmax = new int[pool.outputs()];
            pool.forward(x, out, argmax);
            y[t] = floats(out);
            FloatBuffer d = FloatBuffer.allocate(size);
            pool.backward(x, g, d);
            dx[t] = floats(d);

            // the backward pass from the recorded maxima is the one that searches the windows again
            FloatBuffer fromRecord = FloatBuffer.allocate(size);
            pool.backward(argmax, g, fromRecord);
            assertArrayEquals(dx[t], floats(fromRecord), 0f);
            FloatBuffer plain = FloatBuffer.allocate(6 * 10 * outH * outW);
            pool.forward(x, plain);
            assertArrayEquals(y[t], floats(plain), 0f);
        }
        assertArrayEquals(y[0], y[1], 0f);
        assertArrayEquals(dx[0], dx[1], 0f);
    }

    @Test
    void everyIndexRunsOnceInAsManyRangesAsThreads() {
        AtomicIntegerArray seen = new AtomicIntegerArray(37);
        AtomicInteger ranges = new AtomicInteger();
        LoopThreads.forEach(37, LoopThreads.MIN_FLOATS_PER_RANGE, 4, (from, to) -> {
            ranges.incrementAndGet();
            for (int i = from; i < to; i++) {
                seen.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 37; i++) {
            assertEquals(1, seen.get(i), "index " + i);
        }
        assertEquals(4, ranges.get());
    }

    @Test
    void smallWorkStaysOnTheCaller() {
        String caller = Thread.currentThread().getName();
        LoopThreads.forEach(64, 16, 4, (from, to) -> {
            assertEquals(0, from);
            assertEquals(64, to);
            assertEquals(caller, Thread.currentThread().getName());
        });
    }

    @Test
    void aFailureOnAnyRangeReachesTheCaller() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoopThreads.forEach(8, LoopThreads.MIN_FLOATS_PER_RANGE, 4, (from, to) -> {
                    if (from >= 4) {
                        throw new IllegalArgumentException("range " + from);
                    }
                }));
        assertTrue(e.getMessage().startsWith("range "));
    }
}
