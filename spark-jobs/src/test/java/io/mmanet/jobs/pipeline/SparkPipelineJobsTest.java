package io.mmanet.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyCorpus;
import io.mmanet.prep.generate.CorpusGenerator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline on the real jobs (prep, teacher and MMANet training, evaluation) in Spark local
 * mode, on a small generated corpus: the first run promotes; an unchanged rerun skips prep,
 * evaluates the promoted model again on the same test shards and records its decision.
 */
class SparkPipelineJobsTest {

    @TempDir
    Path tmp;

    @Test
    void firstRunPromotesAndAnUnchangedRerunSkipsPrepAndComparesOnTheSameShards() throws Exception {
        Path corpus = tmp.resolve("corpus");
        Path dir = tmp.resolve("pipeline");
        Config cfg = MmanetConfig.load(null, TinyCorpus.config(
                "generate.samples=48", "generate.image-size=16", "prep.height=8", "prep.width=8",
                "prep.min-source-size=8", "pipeline.dir=\"" + dir + "\"", "pipeline.corpus=\"" + corpus + "\"",
                "method.name=mmanet"));
        CorpusGenerator.generate(cfg, corpus);
        SparkSession spark = LocalSpark.session();
        PipelineSettings settings = PipelineSettings.fromConfig(cfg);
        SparkPipelineJobs jobs = new SparkPipelineJobs(spark, cfg);
        RetrainingPipeline pipeline = new RetrainingPipeline(settings,
                new PipelineStore(settings.dir(), spark.sparkContext().hadoopConfiguration()), jobs, Clock.systemUTC());

        RetrainingPipeline.Outcome first = pipeline.run();
        assertTrue(first.promoted(), first.reason());
        assertFalse(first.prepSkipped());
        assertTrue(first.candidate() >= 0 && first.candidate() <= 1, "error " + first.candidate());
        JsonNode current = pipeline.current();
        Path model = Path.of(java.net.URI.create(current.path("model").asText()).getPath());
        assertTrue(Files.isRegularFile(model.resolve("model.zip")), model.toString());
        Path metrics = dir.resolve("runs").resolve(first.runId()).resolve("evaluate/metrics.json");
        assertTrue(Files.readString(metrics).contains("\"mean\""), metrics.toString());
        Path manifest = dir.resolve("data").resolve(first.runId()).resolve("manifest.json");
        assertTrue(Files.isRegularFile(manifest));

        RetrainingPipeline.Outcome second = pipeline.run();
        assertTrue(second.prepSkipped(), "unchanged source lists must skip prep");
        assertEquals(first.candidate(), second.current(), 0.0,
                "the promoted model, evaluated again on the same test shards, scores what it scored");
        assertEquals(PromotionRule.of(settings).decide(second.candidate(), second.current()).promote(), second.promoted());
        if (second.candidate() >= first.candidate()) {
            assertFalse(second.promoted(), "an equal or worse model was promoted");
        }
        List<JsonNode> lineage = new Lineage(new PipelineStore(settings.dir(),
                spark.sparkContext().hadoopConfiguration())).entries();
        assertEquals(2, lineage.size());
        assertEquals(lineage.get(0).path("data_checksum").asText(), lineage.get(1).path("data_checksum").asText());
        assertEquals(jobs.sourceChecksum(corpus.toString()), lineage.get(0).path("data_checksum").asText());
    }
}
