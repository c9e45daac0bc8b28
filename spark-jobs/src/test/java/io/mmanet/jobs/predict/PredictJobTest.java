package io.mmanet.jobs.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmanet.networks.method.Methods;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.eval.EvalJob;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyCorpus;
import io.mmanet.jobs.train.TrainJob;
import io.mmanet.networks.metrics.CombinationMetrics;
import io.mmanet.networks.metrics.ConfusionMatrix;
import io.mmanet.networks.metrics.ModelMetrics;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch scoring against evaluation on the same rows: a real (tiny) SF-MD model trained on local[2],
 * evaluated by EvalJob, scored by PredictJob forced through combinations and through each row's
 * own modalities on a split where some rows lack IR and one lacks everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictJobTest {
    Path dir;
    CorpusInfo corpus;
    String run;
    ModelMetrics evaluated;

    @BeforeAll
    void trainAndEvaluate(@TempDir Path tmp) throws Exception {
        dir = tmp;
        corpus = TinyCorpus.write(LocalSpark.session(), dir.resolve("data"), 48, 16, 32);
        run = dir.resolve("sf-md").toUri().toString();
        TrainJob.run(LocalSpark.session(), MmanetConfig.load(null, TinyCorpus.config("train.epochs=1")),
                new TrainJob.Request("deployment", Methods.get("sf-md"), null, corpus.uri(), run, null, false), corpus);
        evaluated = EvalJob.run(LocalSpark.session(), List.of(run), corpus.uri(), "test",
                dir.resolve("eval").toUri().toString(), 16).report().models().get(0);
        writeSplitWithMissingModalities(LocalSpark.session());
    }

    private PredictJob.Summary predict(String split, String out, String combination) throws Exception {
        return PredictJob.run(LocalSpark.session(), run, corpus.uri(), split, dir.resolve(out).toUri().toString(),
                combination, 5);
    }

    private List<Row> predictions(String out) {
        // Sorted here: a Spark SQL sort would ship StructTypes through Kryo, which requires registration.
        List<Row> rows = new ArrayList<>(LocalSpark.session().read()
                .parquet(dir.resolve(out).resolve("predictions").toString()).collectAsList());
        rows.sort(java.util.Comparator.comparing((Row r) -> r.getString(0)));
        return rows;
    }

    @Test
    void forcedCombinationsGiveEvalsMetricsOnTheSameRows() throws Exception {
        for (String combo : List.of("rgb+ir", "depth", "rgb+depth+ir")) {
            String out = "forced-" + combo.replace('+', '-');
            PredictJob.Summary s = predict("test", out, combo);
            assertEquals(Map.of(combo, 32L), s.byCombination());
            assertEquals(0, s.quarantined());
            ConfusionMatrix cm = new ConfusionMatrix(2);
            for (Row r : predictions(out)) {
                cm.add(r.getInt(r.fieldIndex("label")), r.getInt(r.fieldIndex("predicted")));
                List<Double> p = r.getList(r.fieldIndex("probabilities"));
                assertEquals(1.0, p.get(0) + p.get(1), 1e-5);
                assertEquals(p.get(1) > p.get(0) ? "real" : "attack", r.getString(r.fieldIndex("predicted_label")));
            }
            assertEquals(evaluated.combination(combo), CombinationMetrics.of(combo, cm, 1), combo);
        }
    }

    @Test
    void eachRowUsesTheModalitiesItHasAndUnscorableRowsAreQuarantined() throws Exception {
        PredictJob.Summary s = predict("partial", "present", null);
        assertEquals("present-columns", s.mode());
        assertEquals(Map.of("rgb+depth", 16L, "rgb+depth+ir", 15L), s.byCombination());
        assertEquals(1, s.quarantined());
        Row q = LocalSpark.session().read().parquet(dir.resolve("present/quarantine").toString()).first();
        assertEquals("test-0", q.getString(0));
        assertEquals("no modality present", q.getString(2));

        // A row without IR is scored exactly as eval's rgb+depth forward of the complete row.
        predict("test", "forced-rgb-depth", "rgb+depth");
        Map<String, Row> complete = new HashMap<>();
        predictions("forced-rgb-depth").forEach(r -> complete.put(r.getString(0), r));
        for (Row r : predictions("present")) {
            if (r.getString(r.fieldIndex("combination")).equals("rgb+depth")) {
                Row ref = complete.get(r.getString(0));
                assertEquals(ref.getInt(ref.fieldIndex("predicted")), r.getInt(r.fieldIndex("predicted")));
                assertArrayEquals(doubles(ref), doubles(r), 1e-6, r.getString(0));
            }
        }
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("present/summary.json").toFile());
        assertEquals(31, summary.get("scored").asInt());
        assertEquals(16, summary.get("byCombination").get("rgb+depth").asInt());

        // Forcing rgb+ir quarantines the rows without IR.
        PredictJob.Summary forced = predict("partial", "forced-partial", "rgb+ir");
        assertEquals(Map.of("rgb+ir", 15L), forced.byCombination());
        assertEquals(17, forced.quarantined());
    }

    @Test
    void refusesAnExistingOutput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> predict("test", "eval", null));
        assertTrue(e.getMessage().contains("exists"), e.getMessage());
    }

    private static double[] doubles(Row r) {
        return r.<Double>getList(r.fieldIndex("probabilities")).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Split "partial": the test rows, IR missing on odd ids, and test-0 with no modality at all. */
    private void writeSplitWithMissingModalities(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        for (Row r : ShardReader.read(spark, corpus, "test").collectAsList()) {
            Object[] v = new Object[r.length()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.get(i);
            }
            int n = Integer.parseInt(r.getString(r.fieldIndex("id")).substring("test-".length()));
            for (String m : TinyCorpus.MODALITIES) {
                if (n == 0 || (m.equals("ir") && n % 2 == 1)) {
                    v[r.fieldIndex(m + "_present")] = false;
                    v[r.fieldIndex(m)] = null;
                }
            }
            rows.add(RowFactory.create(v));
        }
        spark.createDataFrame(rows, ShardReader.of(corpus.modalities())).coalesce(2).write()
                .parquet(ShardReader.splitUri(corpus.uri(), "partial"));
    }
}
