package io.mmanet.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.pipeline.PipelineLock;
import io.mmanet.jobs.pipeline.PipelineStore;
import io.mmanet.prep.generate.CorpusGenerator;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/submit.sh --cluster local runs real jobs through org.apache.spark.deploy.SparkSubmit
 * (java -cp <provided jars> SparkSubmit, as no SPARK_HOME is set here) with the shaded jar and the
 * demo configuration, shrunk to a few seconds of training: the whole retraining pipeline (prep,
 * teacher, MMANet deployment network, evaluation, promotion), then the train job on its data.
 * Needs the shaded jar (mvn verify / mvn package).
 */
class SubmitLocalIT {

    @TempDir
    Path tmp;

    static final List<String> SMALL = List.of(
            "generate.samples=48", "generate.image-size=16", "prep.height=8", "prep.width=8", "prep.min-source-size=8",
            "model.input-height=8", "model.input-width=8", "model.stem-width=4", "model.stage-widths=[4, 8, 8, 8]",
            "model.se-reduction=2", "model.blocks-per-stage=[1, 1, 1, 1]", "train.epochs=3", "method.warmup-epochs=2",
            "method.mining-epochs=[2]", "train.averaging-frequency=2", "train.prefetch-batches=0",
            "train.batch-size-per-worker=8", "train.augment.enabled=false", "eval.batch-size=16");

    @Test
    void localSubmitRunsThePipelineThroughSparkSubmit() throws Exception {
        Path corpus = tmp.resolve("corpus");
        Path dir = tmp.resolve("pipeline");
        Path demo = DeployTree.root().resolve("conf/demo.conf");
        List<String> sets = new ArrayList<>(SMALL);
        CorpusGenerator.generate(MmanetConfig.load(demo, sets), corpus);

        List<String> cmd = new ArrayList<>(List.of("bash", "deploy/submit.sh", "--cluster", "local", "--conf", demo.toString()));
        for (String s : sets) {
            cmd.add("--set");
            cmd.add(s);
        }
        cmd.addAll(List.of("--", "pipeline", "--dir", dir.toString(), "--corpus", corpus.toString()));
        Map<String, String> env = Map.of("MMANET_STAGING_DIR", tmp.resolve("staging").toString());

        List<String> dry = new ArrayList<>(cmd);
        dry.add(2, "--dry-run");
        DeployTree.Result printed = DeployTree.run(dry, env, 120);
        assertEquals(0, printed.exit(), printed.both());
        assertTrue(printed.out().contains("org.apache.spark.deploy.SparkSubmit"), printed.out());
        assertTrue(printed.out().contains("--master local\\[2\\]"), printed.out());

        DeployTree.Result run = DeployTree.run(cmd, env, 900);
        assertEquals(0, run.exit(), run.both());
        assertTrue(run.out().contains("PROMOTED"), run.both());
        JsonNode current = new ObjectMapper().readTree(dir.resolve("current").toFile());
        String model = current.path("model").asText();
        assertTrue(Files.isRegularFile(Path.of(java.net.URI.create(model).getPath()).resolve("model.zip")), model);
        assertEquals(1, Files.readAllLines(dir.resolve("lineage.jsonl")).size());

        // The train job alone, as a user would submit it, on the data the pipeline prepared.
        Path teacherRun = tmp.resolve("teacher-run");
        List<String> train = new ArrayList<>(cmd.subList(0, cmd.indexOf("--") + 1));
        train.addAll(List.of("train", "--role", "teacher", "--data", current.path("shards").asText(),
                "--run-dir", teacherRun.toString()));
        DeployTree.Result trained = DeployTree.run(train, env, 600);
        assertEquals(0, trained.exit(), trained.both());
        assertTrue(Files.isRegularFile(teacherRun.resolve("model/model.zip")), trained.both());
        assertTrue(Files.isRegularFile(teacherRun.resolve("model/model-card.json")));

        // A second pipeline on the same directory while one holds the lock: refused, exit code 3.
        PipelineStore store = new PipelineStore(dir.toString(), new Configuration());
        try (PipelineLock held = PipelineLock.acquire(store, Duration.ofHours(1))) {
            DeployTree.Result refused = DeployTree.run(cmd, env, 300);
            assertEquals(3, refused.exit(), refused.both());
            assertTrue(refused.err().contains("another pipeline holds the lock " + PipelineLock.lockFile(store)),
                    refused.both());
            assertTrue(refused.err().contains("pid " + ProcessHandle.current().pid()), refused.both());
        }
        assertEquals(1, Files.readAllLines(dir.resolve("lineage.jsonl")).size());
    }
}
