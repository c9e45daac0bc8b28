package io.mmanet.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;
import java.util.function.LongSupplier;

/**
 * The measuring protocol {@code bench train} and {@code bench prep} share: each side warms up on its
 * own ({@link WarmUp}), then the sides run in turn (A, B, C, A, B, C, ...) {@code repeats} times and
 * each side's median run counts, with the process CPU time of that same run.
 *
 * <p>Why in turn: this VM's speed drifts 10-30% within minutes; alternating puts the drift on every
 * side of a ratio, where a per-side best picked each side's luckiest minute.
 */
public final class AlternatingRuns {

    /** One run of a side: the seconds the side reports and the process CPU seconds spent meanwhile. */
    public record Run(double seconds, double cpuSeconds) {
    }

    /**
     * A side of a comparison: its name (for the log) and one run, given the run's number (1, 2, ...
     * counting warm-up runs), returning the seconds it took as the side measures them;
     * {@code beforeRun} is set-up outside the run's wall and CPU time (e.g. removing the previous
     * run's output, which a user's run would not find there).
     */
    public record Side(String name, IntToDoubleFunction run, Runnable beforeRun) {
        public Side(String name, IntToDoubleFunction run) {
            this(name, run, () -> { });
        }
    }

    private final LongSupplier cpuNanos;
    private final WarmUp warmUp;

    AlternatingRuns(WarmUp warmUp, LongSupplier cpuNanos) {
        this.warmUp = warmUp;
        this.cpuNanos = cpuNanos;
    }

    /** This JVM's compilers (for the warm-up) and process CPU clock. */
    public static AlternatingRuns ofThisJvm() {
        return new AlternatingRuns(WarmUp.ofThisJvm(), AlternatingRuns::processCpuNanos);
    }

    /**
     * Warms every side up in turn (at least one run; with {@code warmupSeconds} > 0 at least that
     * long and until the JIT is quiet), then times {@code repeats} rounds of every side in turn and
     * returns each side's median run, in the order of {@code sides}. {@code log} gets one line per
     * warm-up and per round.
     */
    public List<Run> medians(List<Side> sides, int repeats, double warmupSeconds, Consumer<String> log) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        int[] number = new int[sides.size()];
        for (int k = 0; k < sides.size(); k++) {
            Side side = sides.get(k);
            int at = k;
            WarmUp.Outcome w = warmUp.run(() -> {
                side.beforeRun().run();
                side.run().applyAsDouble(++number[at]);
            }, warmupSeconds);
            log.accept(side.name() + " " + w.describe());
        }
        Run[][] runs = new Run[sides.size()][repeats];
        for (int i = 0; i < repeats; i++) {
            StringBuilder round = new StringBuilder("round " + (i + 1) + ":");
            for (int k = 0; k < sides.size(); k++) {
                sides.get(k).beforeRun().run();
                long c0 = cpuNanos.getAsLong();
                double seconds = sides.get(k).run().applyAsDouble(++number[k]);
                runs[k][i] = new Run(seconds, (cpuNanos.getAsLong() - c0) / 1e9);
                round.append(String.format(Locale.ROOT, " %s %.2f s", sides.get(k).name(), seconds));
            }
            log.accept(round.toString());
        }
        List<Run> medians = new ArrayList<>();
        for (Run[] side : runs) {
            medians.add(median(side));
        }
        return medians;
    }

    /** The median run by seconds (the upper one of an even count), with its own CPU time. */
    static Run median(Run[] runs) {
        Run[] sorted = runs.clone();
        Arrays.sort(sorted, Comparator.comparingDouble(Run::seconds));
        return sorted[sorted.length / 2];
    }

    /** Wall seconds of {@code work}: for a side that does not time itself. */
    public static double timed(Runnable work) {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** CPU time of every thread of this JVM (needs the com.sun.management extension, as on OpenJDK). */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
