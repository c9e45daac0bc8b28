package io.mmanet.jobs.ablation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.diagnostics.DiagnosticsChecks;
import io.mmanet.jobs.diagnostics.DiagnosticsJob;
import io.mmanet.jobs.export.ModelExport;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyCorpus;
import io.mmanet.jobs.testing.TinySegmentationCorpus;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        // Evaluated on val, the split the diagnostics use, so their final epoch can be checked against the table;
        // every epoch's checkpoint kept, so the curves have a point per epoch.
        var cfg = MmanetConfig.load(null, TinyCorpus.config("ablation.seeds=[7]", "generate.samples=160",
                "ablation.methods=[" + String.join(", ", Methods.names()) + "]", "ablation.split=val",
                "train.checkpoint-keep=10",
                "generate.image-size=16", "prep.height=8", "prep.width=8", "generate.missing-fraction=0.3"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AblationJob.Result r = AblationJob.run(LocalSpark.session(), cfg, dir.resolve("out").toString(),
                new PrintStream(log, true, StandardCharsets.UTF_8));

        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("out/results.json")));
        assertEquals(Methods.names().size(), json.get("methods").size());
        assertEquals(7 + 1, json.get("rows").size(), "7 combinations + the average");
        // A generated corpus: its information limit is the last column (BayesLimitTest has the values).
        java.util.Map<String, Double> limits = io.mmanet.prep.generate.BayesLimit.perCombination(
                io.mmanet.prep.generate.GenerateSettings.fromConfig(cfg));
        for (JsonNode row : json.get("rows")) {
            String c = row.get("combination").asText();
            double expected = limits.containsKey(c) ? limits.get(c)
                    : limits.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertEquals(expected, row.get("lowest_possible").asDouble(), 1e-12, c);
        }
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
        assertEquals(3, json.get("seeds").get(0).get("published_sets").get("MMANet (+MAD+MAR)").size(),
                "MMANet mined c* and its two subsets");
        String md = Files.readString(dir.resolve("out/results.md"));
        assertTrue(md.contains("MMANet (+MAD+MAR)"));
        assertTrue(md.contains("lower is better, lowest per row in bold"), md);
        // Each method that publishes a set is footnoted under its own name.
        assertTrue(md.contains("MMANet's mined weak set W per seed: seed 7: {"), md);
        assertTrue(md.contains("DMRNet's hard combination set per seed: seed 7: "), md);
        assertTrue(!Files.exists(dir.resolve("out/seed-7/eval/masks")), "no masks in a classification report");
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

        List<Row> val = ShardReader.read(LocalSpark.session(), corpus, "val").collectAsList();
        long completeVal = val.stream().filter(row -> decoder.presentBits(row) == 7).count();
        DiagnosticsChecks.check(dir.resolve("out"), "7", 3, completeVal);
        assertTrue(md.contains("[seed 7](seed-7/diagnostics/diagnostics.html)"), md);
        assertTrue(Files.readString(dir.resolve("out/results.html")).contains("href=\"diagnostics.html\""));
    }

    /**
     * Segmentation (issue 11): SF, SF-MD and MMANet on the tiny generated RGB-D scenes, one seed,
     * two epochs (about 30 s); the table is mIoU per combination (higher is better), not an error.
     */
    @Test
    void segmentationTabulatesMeanIouPerCombination(@TempDir Path dir) throws Exception {
        var cfg = MmanetConfig.load(null, TinySegmentationCorpus.config("ablation.seeds=[3]",
                "ablation.methods=[sf, sf-md, mmanet]", "train.epochs=2", "method.warmup-epochs=1",
                "method.mining-epochs=[1]", "train.averaging-frequency=1", "ablation.split=val"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AblationJob.run(LocalSpark.session(), cfg, dir.resolve("out").toString(),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        String md = Files.readString(dir.resolve("out/results.md"));
        assertTrue(md.contains("mIoU in %, mean ± std over 1 seed(s) (seeds 3); higher is better, highest per row in bold."),
                md);
        assertTrue(md.contains("MMANet's mined weak set W per seed: seed 3: {"), md);
        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("out/results.json")));
        assertEquals("mIoU", json.get("metric").asText());
        assertTrue(json.get("higher_is_better").asBoolean());
        // Every cell is the model's mIoU in the seed's evaluation (metrics.json), not 1 - pixel accuracy.
        JsonNode eval = new ObjectMapper().readTree(Files.readString(dir.resolve("out/seed-3/eval/metrics.json")));
        Map<String, String> column = Map.of("sf", "SF", "sf-md", "SF-MD", "mmanet", "MMANet (+MAD+MAR)");
        assertEquals(3, eval.get("models").size());
        for (JsonNode model : eval.get("models")) {
            String method = column.get(model.get("model").asText());
            for (JsonNode c : model.get("combinations")) {
                JsonNode row = null;
                for (JsonNode r : json.get("rows")) {
                    row = r.get("combination").asText().equals(c.get("combination").asText()) ? r : row;
                }
                assertEquals(c.get("miou").asDouble(), row.get("methods").get(method).get("mean").asDouble(), 1e-12,
                        method + " " + c.get("combination"));
            }
            assertEquals(model.get("mean").get("miou").asDouble(),
                    json.get("rows").get(3).get("methods").get(method).get("mean").asDouble(), 1e-12, "average row");
        }
        assertEquals(4, json.get("rows").size(), "rgb, depth, rgb+depth and the average");
        // Diagnostics in the task's headline (mIoU), the teacher's entropy over labelled pixels.
        JsonNode diag = DiagnosticsChecks.check(dir.resolve("out"), "3", 2, -1);
        assertEquals("miou", diag.get("metric_key").asText());
        // Diagnosed again into another folder, with one checkpoint broken: the ablation folder is left as it
        // was, the broken checkpoint is skipped, and every other number comes out the same.
        Path written = dir.resolve("out/seed-3/diagnostics/diagnostics.json");
        byte[] before = Files.readAllBytes(written);
        Files.write(dir.resolve("out/seed-3/runs/sf/rgb/checkpoints/epoch-00001/model.zip"), new byte[] {1, 2, 3});
        DiagnosticsJob.run(LocalSpark.session(), new DiagnosticsJob.Request(dir.resolve("out").toString(), null, 3L,
                "val", dir.resolve("again").toString(), 16), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertArrayEquals(before, Files.readAllBytes(written));
        JsonNode again = new ObjectMapper().readTree(dir.resolve("again/seed-3/diagnostics/diagnostics.json").toFile());
        for (int r = 0; r < diag.get("runs").size(); r++) {
            JsonNode was = diag.get("runs").get(r);
            JsonNode now = again.get("runs").get(r);
            assertEquals(was.get("run"), now.get("run"));
            if (was.get("run").asText().equals("sf/rgb")) {
                assertEquals(1, now.get("epochs").size(), "the broken epoch 1 is skipped");
                assertEquals(was.get("epochs").get(1), now.get("epochs").get(0));
            } else {
                assertEquals(was.get("epochs"), now.get("epochs"), was.get("run").asText());
            }
        }
        assertEquals(diag.get("teacher"), again.get("teacher"));
        assertTrue(Files.readString(dir.resolve("again/diagnostics.html")).contains("seed-3/diagnostics/diagnostics.html"));
        // The seed's report shows the predicted masks.
        assertTrue(Files.readString(dir.resolve("out/seed-3/eval/report.html")).contains("<img src=\"masks/"));
    }

    /** A method that does not support the configured task is refused before anything trains, naming the key. */
    @Test
    void aMethodWithoutTheConfiguredTaskIsRefusedUpFront() {
        assertEquals(List.of("sf-md", "mmanet"), AblationSettings.fromConfig(MmanetConfig.load(null,
                TinySegmentationCorpus.config("ablation.methods=[sf-md, mmanet]"))).methods().stream()
                .map(m -> m.name()).toList());
        // Any registered method without segmentation (while there is one: others are being extended).
        Methods.all().stream().filter(m -> !m.tasks().contains("segmentation")).findFirst().ifPresent(unsupported -> {
            var cfg = MmanetConfig.load(null, TinySegmentationCorpus.config(
                    "ablation.methods=[sf-md, " + unsupported.name() + "]"));
            var e = org.junit.jupiter.api.Assertions.assertThrows(io.mmanet.config.ConfigValidationException.class,
                    () -> AblationSettings.fromConfig(cfg));
            assertTrue(e.getMessage().contains("ablation.methods") && e.getMessage().contains(unsupported.name()),
                    e.getMessage());
        });
    }

    private static long trainRows(Path run) throws Exception {
        double v = ModelExport.read(run.toUri().toString(), new Configuration()).card().metrics.get("train_rows");
        return (long) v;
    }
}
