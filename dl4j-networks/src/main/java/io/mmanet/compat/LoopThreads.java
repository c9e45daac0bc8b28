package io.mmanet.compat;

import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the loops of {@link BatchNormArithmetic} and {@link MaxPoolArithmetic} on as many threads
 * as ND4J's own ops use ({@code OMP_NUM_THREADS}, ND4J's {@code maxThreads}), so that in a JVM
 * given two or more OpenMP threads our Java loops use the cores libnd4j's convolutions use. With
 * one thread, our default of one Spark task per core, everything runs on the calling thread.
 *
 * <p>Work is cut into contiguous, independent ranges (channels or planes); each index is
 * computed exactly as on one thread, so results are bit-identical for any thread count. The
 * calling thread works through the ranges itself and helpers only take ranges nobody has started:
 * a caller never waits for a range queued behind another caller's work.
 */
final class LoopThreads {
    /** Below this many floats per range a hand-off costs more than it saves. */
    static final long MIN_FLOATS_PER_RANGE = 16_384;

    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mmanet-loop-helper");
        t.setDaemon(true);
        return t;
    });

    /** The body of a parallel loop: items {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    private LoopThreads() {
    }

    /** ND4J's thread count for its own parallel ops. */
    static int threads() {
        return Math.max(1, Nd4j.getEnvironment().maxThreads());
    }

    /** Runs {@code body} over {@code [0, items)} on up to {@code threads} threads. */
    static void forEach(int items, long floatsPerItem, int threads, Range body) {
        long byWork = Math.max(1, (long) items * floatsPerItem / MIN_FLOATS_PER_RANGE);
        int ranges = (int) Math.min(Math.min(threads, items), byWork);
        if (ranges <= 1) {
            body.run(0, items);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int r = next.getAndIncrement(); r < ranges; r = next.getAndIncrement()) {
                body.run((int) ((long) r * items / ranges), (int) ((long) (r + 1) * items / ranges));
            }
        };
        Future<?>[] helpers = new Future<?>[ranges - 1];
        for (int h = 0; h < helpers.length; h++) {
            helpers[h] = HELPERS.submit(worker);
        }
        worker.run();
        for (Future<?> f : helpers) {
            await(f);
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a loop ran on helper threads", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
