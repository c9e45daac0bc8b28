package io.mmanet.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The warm-up before a timed measurement: repeat the unit (an epoch, a step) until this JVM is in
 * the state a long training run spends its time in. At least one unit; with {@code minSeconds} > 0
 * also at least that long and until the JIT compiler is quiet: it compiled for less than
 * {@value #QUIET_SHARE} of the wall time of the last units that add up to a second or more (at
 * most {@value #MAX_SECONDS} s in all).
 *
 * <p>Why the compiler and not a fixed time: DL4J, ND4J, Spark and Scala are a lot of code, and C2
 * kept one of this 2-core machine's cores about 70% busy for the first ~40 s of a run
 * (docs/benchmarks.md, eighth pass). A single-JVM epoch on one thread does not feel that (the
 * compiler runs on the other core), two Spark tasks on two cores do: measured during that time,
 * Spark / single-JVM read 1.17-1.33x for the demo model, measured after it 0.83x. The prep job is
 * Spark, Hadoop and Parquet code run a few times per job: its compiles went on for 10-15 runs of
 * {@code bench prep} (0.4-0.9 CPU-s per 3 s run at runs 2-10, about 0.1 from run 14).
 * Used by {@code bench train} and {@code bench prep}.
 */
public final class WarmUp {
    /** Compile time per wall time below which the JIT counts as quiet. */
    public static final double QUIET_SHARE = 0.1;
    /** Upper bound on one warm-up, whatever the compiler does. */
    public static final double MAX_SECONDS = 180;
    /** The compiler's share is judged over at least this much wall time of units (one unit if longer). */
    static final long WINDOW_NANOS = 1_000_000_000L;

    /** What a warm-up did: units run, seconds, and the compiler's share during its last window. */
    public record Outcome(int units, double seconds, double lastCompileShare) {
        public String describe() {
            return String.format(Locale.ROOT, "warm-up: %d unit(s) in %.1f s, JIT compiling %.0f%% of the last second's time",
                    units, seconds, 100 * lastCompileShare);
        }
    }

    private final LongSupplier nanoClock;
    /** Milliseconds this JVM's compilers spent so far, or -1 when the JVM cannot say. */
    private final LongSupplier compileMillis;

    WarmUp(LongSupplier nanoClock, LongSupplier compileMillis) {
        this.nanoClock = nanoClock;
        this.compileMillis = compileMillis;
    }

    /** This JVM's clock and compilers. */
    public static WarmUp ofThisJvm() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean known = jit != null && jit.isCompilationTimeMonitoringSupported();
        return new WarmUp(System::nanoTime, known ? jit::getTotalCompilationTime : () -> -1L);
    }

    /** Runs {@code unit} as described above; {@code minSeconds} <= 0 runs it once. */
    public Outcome run(Runnable unit, double minSeconds) {
        long start = nanoClock.getAsLong();
        long windowStart = start;
        long windowCompile = compileMillis.getAsLong();
        double share = 0;
        int units = 0;
        while (true) {
            unit.run();
            units++;
            long now = nanoClock.getAsLong();
            double elapsed = (now - start) / 1e9;
            // The compiler's share over the units since the last check, once they add up to a window:
            // a unit of a few ms says nothing about a compiler that finishes a method every 50 ms.
            boolean windowFull = now - windowStart >= WINDOW_NANOS;
            if (windowFull || minSeconds <= 0) {
                long compiled = compileMillis.getAsLong();
                share = windowCompile < 0 || compiled < 0 ? 0
                        : (compiled - windowCompile) / Math.max((now - windowStart) / 1e6, 1e-3);
                windowStart = now;
                windowCompile = compiled;
            }
            if (minSeconds <= 0 || (windowFull && elapsed >= minSeconds && share < QUIET_SHARE)
                    || elapsed >= MAX_SECONDS) {
                return new Outcome(units, elapsed, share);
            }
        }
    }
}
