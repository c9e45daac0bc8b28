package io.mmanet.bench;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm-up rule on a scripted clock: every unit takes one second of the clock, and the JIT
 * compiles for the given milliseconds during each unit.
 */
class WarmUpTest {

    /** A clock and compile counter that the unit advances by 1 s and by compileMillis[unit] ms. */
    private static final class Script {
        final AtomicLong nanos = new AtomicLong();
        final AtomicLong compiled = new AtomicLong();
        final AtomicInteger units = new AtomicInteger();
        final long[] compileMillis;

        Script(long... compileMillis) {
            this.compileMillis = compileMillis;
        }

        void unit() {
            int u = units.getAndIncrement();
            nanos.addAndGet(1_000_000_000L);
            compiled.addAndGet(compileMillis[Math.min(u, compileMillis.length - 1)]);
        }

        WarmUp warmUp() {
            return new WarmUp(nanos::get, compiled::get);
        }
    }

    @Test
    void zeroSecondsRunsOneUnitWhateverTheCompilerDoes() {
        Script s = new Script(900);
        WarmUp.Outcome o = s.warmUp().run(s::unit, 0);
        assertEquals(1, o.units());
        assertEquals(1, s.units.get());
        assertEquals(0.9, o.lastCompileShare(), 1e-9);
    }

    @Test
    void runsAtLeastTheMinimumWhenTheCompilerIsAlreadyQuiet() {
        Script s = new Script(0);
        WarmUp.Outcome o = s.warmUp().run(s::unit, 3);
        assertEquals(3, o.units());
        assertEquals(3.0, o.seconds(), 1e-9);
    }

    @Test
    void goesOnUntilTheCompilerIsQuiet() {
        // Busy for five units (70%, 50%, 30%, 20%, 10% of the unit's time), quiet from the sixth.
        Script s = new Script(700, 500, 300, 200, 100, 50, 0);
        WarmUp.Outcome o = s.warmUp().run(s::unit, 2);
        assertEquals(6, o.units(), "10% is not below the 10% threshold; 5% is");
        assertEquals(0.05, o.lastCompileShare(), 1e-9);
    }

    @Test
    void judgesShortUnitsOverASecond() {
        // Units of 100 ms; the compiler finishes a 60 ms compilation every other unit for 30 units
        // (30% of the time), then nothing. Judged per unit, the first unit without a compilation
        // after the minimum would end the warm-up at unit 10; judged per second, it goes on until
        // the window of units 31-40.
        AtomicLong nanos = new AtomicLong();
        AtomicLong compiled = new AtomicLong();
        AtomicInteger units = new AtomicInteger();
        WarmUp.Outcome o = new WarmUp(nanos::get, compiled::get).run(() -> {
            int u = units.incrementAndGet();
            nanos.addAndGet(100_000_000L);
            if (u <= 30 && u % 2 == 1) {
                compiled.addAndGet(60);
            }
        }, 1);
        assertEquals(40, o.units());
        assertEquals(4.0, o.seconds(), 1e-9);
        assertEquals(0, o.lastCompileShare(), 1e-9);
    }

    @Test
    void stopsAtTheCapWhenTheCompilerNeverSettles() {
        Script s = new Script(800);
        WarmUp.Outcome o = s.warmUp().run(s::unit, 1);
        assertEquals((int) WarmUp.MAX_SECONDS, o.units());
        assertTrue(o.lastCompileShare() > WarmUp.QUIET_SHARE);
    }

    @Test
    void aJvmWithoutCompileTimesWarmsUpByTimeAlone() {
        AtomicLong nanos = new AtomicLong();
        AtomicInteger units = new AtomicInteger();
        WarmUp w = new WarmUp(nanos::get, () -> -1L);
        WarmUp.Outcome o = w.run(() -> {
            units.incrementAndGet();
            nanos.addAndGet(1_000_000_000L);
        }, 2);
        assertEquals(2, o.units());
        assertEquals(0, o.lastCompileShare());
    }

    @Test
    void thisJvmReportsItsCompilers() {
        AtomicInteger units = new AtomicInteger();
        WarmUp.Outcome o = WarmUp.ofThisJvm().run(units::incrementAndGet, 0);
        assertEquals(1, units.get());
        assertTrue(o.describe().startsWith("warm-up: 1 unit(s) in "), o.describe());
    }
}
