package io.mmanet.jobs.ablation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ablation runner end to end (generate, prep, train, eval) on a tiny corpus with one seed, every method. */
class AblationJobTest {

    @Test
    void everyMethodIsTrainedEvaluatedAndTabulated(@TempDir Path dir) throws Exception {
        // ablation.data empty: the runner generates the synthetic corpus and preps it itself.
        var cfg = MmanetConfig.load(null, TinyCorpus.config("ablation.seeds=[7]", "generate.samples=160",
                "generate.image-size=16", "prep.height=8", "prep.width=8"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AblationJob.Result r = AblationJob.run(LocalSpark.session(), cfg, dir.resolve("out").toString(),
                new PrintStream(log, true, StandardCharsets.UTF_8));

        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("out/results.json")));
        assertEquals(6, json.get("methods").size());
        assertEquals(7 + 1, json.get("rows").size(), "7 combinations + the average");
        for (JsonNode row : json.get("rows")) {
            for (JsonNode cell : row.get("methods")) {
                double mean = cell.get("mean").asDouble();
                assertTrue(mean >= 0 && mean <= 1, row.toString());
            }
        }
        // SF trained one model per combination: 7 run directories.
        try (var s = Files.list(dir.resolve("out/seed-7/runs/sf"))) {
            assertEquals(7, s.count());
        }
        assertEquals(1, json.get("seeds").size());
        assertEquals(3, json.get("seeds").get(0).get("weak_set").size(), "MMANet mined c* and its two subsets");
        assertTrue(Files.readString(dir.resolve("out/results.md")).contains("MMANet (+MAD+MAR)"));
        assertTrue(Files.readString(dir.resolve("out/results.html")).contains("<svg"));
        assertTrue(r.seconds() > 0);
    }
}
