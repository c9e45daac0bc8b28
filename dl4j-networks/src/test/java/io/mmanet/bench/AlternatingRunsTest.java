package io.mmanet.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared protocol on scripted sides: warm-up first, then sides in turn, medians with their CPU time. */
class AlternatingRunsTest {

    @Test
    void warmsEachSideUpThenRunsTheSidesInTurnAndKeepsEachMedianRunsCpuTime() {
        AtomicLong cpu = new AtomicLong();
        List<String> calls = new ArrayList<>();
        // Side a: seconds 9 (warm-up), then 3, 1, 2; CPU 10 s per second. Side b: 5, 8, 4, 6; CPU 1 s per run.
        double[] aSeconds = {9, 3, 1, 2};
        double[] bSeconds = {5, 8, 4, 6};
        AlternatingRuns.Side a = new AlternatingRuns.Side("a", n -> {
            calls.add("a" + n);
            cpu.addAndGet((long) (aSeconds[n - 1] * 10e9));
            return aSeconds[n - 1];
        });
        AlternatingRuns.Side b = new AlternatingRuns.Side("b", n -> {
            calls.add("b" + n);
            cpu.addAndGet(1_000_000_000L);
            return bSeconds[n - 1];
        });
        List<String> log = new ArrayList<>();
        AtomicLong clock = new AtomicLong();
        WarmUp oneUnit = new WarmUp(clock::get, () -> -1L);

        List<AlternatingRuns.Run> m = new AlternatingRuns(oneUnit, cpu::get).medians(List.of(a, b), 3, 0, log::add);

        assertEquals(List.of("a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4"), calls);
        // Warm-up runs (9 s, 5 s) do not count; a's median of 3, 1, 2 is 2 with its own 20 CPU-s.
        assertEquals(new AlternatingRuns.Run(2, 20), m.get(0));
        assertEquals(new AlternatingRuns.Run(6, 1), m.get(1));
        assertEquals(5, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("a warm-up: 1 unit(s)"), log.get(0));
        assertEquals("round 1: a 3.00 s b 8.00 s", log.get(2));
    }

    @Test
    void setUpRunsBeforeEveryRunOutsideItsCpuTime() {
        AtomicLong cpu = new AtomicLong();
        List<String> calls = new ArrayList<>();
        AlternatingRuns.Side a = new AlternatingRuns.Side("a", n -> {
            calls.add("a" + n);
            cpu.addAndGet(2_000_000_000L);
            return 1;
        }, () -> {
            calls.add("clear");
            cpu.addAndGet(50_000_000_000L);
        });
        AtomicLong clock = new AtomicLong();

        List<AlternatingRuns.Run> m = new AlternatingRuns(new WarmUp(clock::get, () -> -1L), cpu::get)
                .medians(List.of(a), 2, 0, s -> { });

        assertEquals(List.of("clear", "a1", "clear", "a2", "clear", "a3"), calls);
        assertEquals(new AlternatingRuns.Run(1, 2), m.get(0), "the set-up's 50 CPU-s are not the run's");
    }

    @Test
    void anEvenCountTakesTheUpperOfTheTwoMiddleRuns() {
        AlternatingRuns.Run[] runs = {new AlternatingRuns.Run(4, 7), new AlternatingRuns.Run(1, 1.5),
                new AlternatingRuns.Run(3, 5), new AlternatingRuns.Run(9, 12)};
        assertEquals(new AlternatingRuns.Run(4, 7), AlternatingRuns.median(runs));
    }

    @Test
    void noTimedRunIsRefusedBeforeAnySideRuns() {
        List<String> calls = new ArrayList<>();
        AlternatingRuns.Side a = new AlternatingRuns.Side("a", n -> {
            calls.add("a" + n);
            return 1;
        });
        assertThrows(IllegalArgumentException.class,
                () -> AlternatingRuns.ofThisJvm().medians(List.of(a), 0, 0, s -> { }));
        assertEquals(List.of(), calls);
    }
}
