package io.mmanet.jobs.ablation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.export.ModelExport;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyCorpus;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.combination.ModalityCombination;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ablation runner end to end (generate, prep, train, eval) on a tiny corpus with one seed,
 * every registered method, on a naturally incomplete corpus: 30% of the rows lack one or two modalities
 * (generate.missing-fraction). The teacher trains on the complete rows, SF for each combination
 * on the rows that have it, the dropout methods on every row, modality-teachers' student on the
 * complete rows (docs/training.md).
 */
class AblationJobTest {

    @Test
    void everyMethodIsTrainedEvaluatedAndTabulatedOnAnIncompleteCorpus(@TempDir Path dir) throws Exception {
        // ablation.data empty: the runner generates the synthetic corpus and preps it itself.
        var cfg = MmanetConfig.load(null, TinyCorpus.config("ablation.seeds=[7]", "generate.samples=160",
                "ablation.methods=[" + String.join(", ", Methods.names()) + "]",
                "generate.image-size=16", "prep.height=8", "prep.width=8", "generate.missing-fraction=0.3"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AblationJob.Result r = AblationJob.run(LocalSpark.session(), cfg, dir.resolve("out").toString(),
                new PrintStream(log, true, StandardCharsets.UTF_8));

        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("out/results.json")));
        assertEquals(Methods.names().size(), json.get("methods").size());
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

        // Rows each model trained on, against what the train split has.
        Configuration hadoop = new Configuration();
        CorpusInfo corpus = CorpusInfo.read(dir.resolve("out/data").toUri().toString(), hadoop);
        Modalities mods = Modalities.rgbDepthIr();
        SampleDecoder decoder = corpus.decoder(8, 8);
        List<Row> rows = ShardReader.read(LocalSpark.session(), corpus, "train").collectAsList();
        int complete = 0;
        for (Row row : rows) {
            complete += decoder.presentBits(row) == 7 ? 1 : 0;
        }
        int incomplete = rows.size() - complete;
        assertTrue(incomplete >= 0.15 * rows.size() && incomplete <= 0.45 * rows.size(),
                incomplete + " of " + rows.size() + " train rows are incomplete; expected about 30%");
        Map<String, Long> used = new LinkedHashMap<>();
        Path runs = dir.resolve("out/seed-7/runs");
        used.put("teacher", trainRows(runs.resolve("teacher")));
        assertEquals(complete, used.get("teacher"), "the full-modality teacher trains on the complete rows");
        for (ModalityCombination c : ModalityCombination.all(mods)) {
            long having = rows.stream().filter(row -> (decoder.presentBits(row) & c.bits()) == c.bits()).count();
            long u = trainRows(runs.resolve("sf").resolve(c.toString()));
            used.put("sf[" + c + "]", u);
            assertEquals(having, u, "SF on " + c + " trains on the rows that have " + c);
        }
        for (String m : List.of("sf-md", "sp", "mad", "sr", "mmanet", "metakd", "dmrnet")) {
            used.put(m, trainRows(runs.resolve(m)));
            assertEquals(rows.size(), used.get(m), m + " trains on every row");
        }
        used.put("modality-teachers", trainRows(runs.resolve("modality-teachers")));
        assertEquals(complete, used.get("modality-teachers"), "modality-teachers' student trains on the complete rows");
        LoggerFactory.getLogger(AblationJobTest.class).info("incomplete corpus: {} train rows, {} incomplete;"
                + " rows used per model: {}", rows.size(), incomplete, used);
    }

    private static long trainRows(Path run) throws Exception {
        double v = ModelExport.read(run.toUri().toString(), new Configuration()).card().metrics.get("train_rows");
        return (long) v;
    }
}
