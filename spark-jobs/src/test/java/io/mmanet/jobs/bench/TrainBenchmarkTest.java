package io.mmanet.jobs.bench;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.testing.LocalSpark;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The epoch comparisons on real local[2] Spark and real DL4J training, a tiny model, one warm-up epoch. */
class TrainBenchmarkTest {

    private static String run(Set<TrainBenchmark.EpochSide> sides) throws Exception {
        Config cfg = MmanetConfig.load(Path.of("../conf/demo.conf"), List.of("model.input-height=8",
                "model.input-width=8", "model.stem-width=4", "model.stage-widths=[4, 4, 4, 4]",
                "train.batch-size-per-worker=4", "train.averaging-frequency=1"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String md = TrainBenchmark.run(LocalSpark.session(), cfg, new TrainBenchmark.Options(2, sides, 0, List.of(), 0,
                0), new PrintStream(log, true, StandardCharsets.UTF_8));
        return md + "\n--- log ---\n" + log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void allThreeSidesGiveBothRatios() throws Exception {
        String out = run(EnumSet.allOf(TrainBenchmark.EpochSide.class));
        assertTrue(out.matches("(?s).*\\| Spark / single-JVM epoch time \\| \\d+\\.\\d\\dx \\|.*"), out);
        assertTrue(out.matches("(?s).*\\| MMANet / SF-MD epoch time \\| \\d+\\.\\d\\dx \\|.*"), out);
        // The teacher's forward pass and the regularization network add arithmetic: the floor is above 1.
        Matcher floor = Pattern.compile("\\| MMANet / SF-MD multiply-adds per training "
                + "sample [^|]*\\| (\\d+\\.\\d{3})x \\|").matcher(out);
        assertTrue(floor.find(), out);
        assertTrue(Double.parseDouble(floor.group(1)) > 1.0, out);
        // Five timed rounds of the three sides in turn after one warm-up epoch each.
        assertTrue(out.contains("round 5: single-JVM SF-MD epoch"), out);
    }

    @Test
    void sparkAloneTimesOnlySparkEpochsAndPrintsNoRatio() throws Exception {
        String out = run(EnumSet.of(TrainBenchmark.EpochSide.SPARK));
        assertTrue(out.matches("(?s).*\\| Spark parameter averaging \\(2 workers, averaging every 1, export\\), SF-MD "
                + "epoch \\| \\d+\\.\\d\\d s \\(\\d+\\.\\d samples/s\\) \\|.*"), out);
        assertTrue(out.contains("timed in turn (Spark SF-MD epoch, again, ...)"), out);
        assertFalse(out.contains("single-JVM"), out);
        assertFalse(out.contains("MMANet"), out);
        assertFalse(out.contains("x |"), out);
    }
}
