package io.mmanet.prep.bench;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.prep.LocalSpark;
import io.mmanet.prep.generate.CorpusGenerator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrepBenchmarkTest {

    @Test
    void measuresBothSidesOverTheSameImages(@TempDir Path tmp) {
        Config cfg = MmanetConfig.load(null, List.of("generate.samples=24", "generate.image-size=32",
                "generate.missing-fraction=0.25", "prep.height=16", "prep.width=16"));
        var g = CorpusGenerator.generate(cfg, tmp.resolve("corpus"));
        SparkSession spark = LocalSpark.start("PrepBenchmarkTest");
        try {
            PrepBenchmark.Result r = PrepBenchmark.run(spark, cfg, tmp.resolve("corpus").toUri().toString(),
                    tmp.toUri().toString(), 1, 0);
            // Each incomplete sample lacks one or two of its three images.
            assertTrue(r.images() <= 72 - g.incomplete() && r.images() >= 72 - 2L * g.incomplete(), r.toString());
            assertEquals(2, r.cores());
            assertEquals(1, r.repeats());
            assertTrue(r.loopSeconds() > 0 && r.prepSeconds() > 0 && r.prepCpuSeconds() > 0, r.toString());
            assertTrue(r.table().contains("per core"), r.table());
            assertTrue(r.parallelLoopSeconds() > 0 && r.parallelLoopCpuSeconds() > 0, r.toString());
            assertTrue(r.table().contains("the loop itself on 2 threads"), r.table());
        } finally {
            spark.stop();
        }
    }
}
