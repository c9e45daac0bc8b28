package io.mmanet.jobs.bench;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timing loop of a throughput row: every timed batch at least once, and at least the minimum time. */
class ThroughputBenchmarkTest {

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    private static List<MultiDataSet> batches(int count, int batch) {
        MultiDataSet b = new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{Nd4j.zeros(batch, 1)},
                new INDArray[]{Nd4j.zeros(batch, 1)});
        return Collections.nCopies(count, b);
    }

    @Test
    void withoutAMinimumEveryBatchButTheFirstIsTimedOnce() {
        AtomicInteger steps = new AtomicInteger();
        ThroughputBenchmark.samplesPerSecond(b -> steps.incrementAndGet(), batches(4, 8), 0, 0, QUIET);
        assertEquals(1 + 3, steps.get(), "one warm-up step, then batches 2-4");
    }

    @Test
    void shortStepsAreRepeatedUntilTheMinimumTimeHasPassed() {
        AtomicInteger steps = new AtomicInteger();
        Consumer<MultiDataSet> fiveMs = b -> {
            steps.incrementAndGet();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        long t0 = System.nanoTime();
        double samplesPerSecond = ThroughputBenchmark.samplesPerSecond(fiveMs, batches(3, 8), 0, 0.3, QUIET);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds >= 0.3, "timed " + seconds + " s");
        // 0.3 s of 5 ms steps is ~60 steps, far more than the two timed batches.
        assertTrue(steps.get() > 20, steps.get() + " steps");
        // Each step of 8 samples takes at least 5 ms.
        assertTrue(samplesPerSecond <= 8 / 0.005, samplesPerSecond + " samples/s");
    }
}
