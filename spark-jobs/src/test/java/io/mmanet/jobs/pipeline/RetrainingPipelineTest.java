package io.mmanet.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retraining state machine on a real pipeline directory, with small real stage jobs. */
class RetrainingPipelineTest {

    @TempDir
    Path tmp;
    Path dir;
    Path corpus;
    PipelineSettings settings;

    @BeforeEach
    void corpus() throws IOException {
        dir = tmp.resolve("pipeline");
        corpus = tmp.resolve("corpus");
        FileBackedJobs.writeCorpus(corpus, List.of("rgb/1.png depth/1.png ir/1.png 0", "rgb/2.png depth/2.png ir/2.png 1"));
        settings = new PipelineSettings(dir.toString(), corpus.toString(), "error", false, 0.01,
                Duration.ofHours(2));
    }

    RetrainingPipeline pipeline(FileBackedJobs jobs) {
        return new RetrainingPipeline(settings, new PipelineStore(dir.toString(), new Configuration()), jobs,
                Clock.systemUTC());
    }

    List<JsonNode> lineage() {
        return new Lineage(new PipelineStore(dir.toString(), new Configuration())).entries();
    }

    @Test
    void firstRunPromotesAndRecordsLineage() {
        FileBackedJobs jobs = new FileBackedJobs(0.8);
        RetrainingPipeline p = pipeline(jobs);
        RetrainingPipeline.Outcome o = p.run();

        assertTrue(o.promoted(), o.reason());
        assertFalse(o.prepSkipped());
        assertNull(o.current());
        JsonNode current = p.current();
        assertEquals(o.runId(), current.path("run_id").asText());
        assertTrue(Files.isRegularFile(Path.of(current.path("model").asText())));
        List<JsonNode> lines = lineage();
        assertEquals(1, lines.size());
        JsonNode e = lines.get(0);
        assertEquals(o.runId(), e.path("run_id").asText());
        assertEquals("promoted", e.path("decision").asText());
        assertEquals(jobs.sourceChecksum(corpus.toString()), e.path("data_checksum").asText());
        assertEquals(0.2, e.path("metrics").path("error").asDouble(), 1e-12);
        assertTrue(Files.isRegularFile(dir.resolve("runs").resolve(o.runId()).resolve("evaluate/metrics.json")));
        assertFalse(Files.exists(dir.resolve("pipeline.lock")), "lock released");
        assertFalse(Files.exists(dir.resolve("active-run")), "run finished");
    }

    @Test
    void unchangedRerunSkipsPrepAndPromotesOnlyARealImprovement() throws IOException {
        // Qualities of successive deployment models: first, equal, worse, better by less than the
        // margin (0.01), better by more than the margin.
        FileBackedJobs jobs = new FileBackedJobs(0.80, 0.80, 0.70, 0.805, 0.85);
        RetrainingPipeline p = pipeline(jobs);
        String first = p.run().runId();

        RetrainingPipeline.Outcome equal = p.run();
        assertTrue(equal.prepSkipped());
        assertEquals(1, jobs.prepCalls.get(), "prep ran again on unchanged source lists");
        assertFalse(equal.promoted(), equal.reason());
        assertEquals(0.2, equal.current(), 1e-12, "the current model is evaluated on the same test shards");

        assertFalse(p.run().promoted(), "a worse model was promoted");
        RetrainingPipeline.Outcome small = p.run();
        assertFalse(small.promoted(), "an improvement below pipeline.promote.min-improvement was promoted: " + small.reason());
        assertEquals(first, p.current().path("run_id").asText());

        // New data: prep runs again, and a clear improvement is promoted.
        FileBackedJobs.writeCorpus(corpus, List.of("rgb/1.png depth/1.png ir/1.png 0", "rgb/3.png depth/3.png ir/3.png 1"));
        RetrainingPipeline.Outcome better = p.run();
        assertFalse(better.prepSkipped());
        assertEquals(2, jobs.prepCalls.get());
        assertTrue(better.promoted(), better.reason());
        assertEquals(better.runId(), p.current().path("run_id").asText());

        List<JsonNode> lines = lineage();
        assertEquals(5, lines.size(), "one lineage line per decision");
        List<String> decisions = new ArrayList<>();
        lines.forEach(l -> decisions.add(l.path("decision").asText()));
        assertEquals(List.of("promoted", "rejected", "rejected", "rejected", "promoted"), decisions);
        assertNotEquals(lines.get(0).path("data_checksum").asText(), lines.get(4).path("data_checksum").asText());
        assertEquals(first, lines.get(1).path("current_run_id").asText());
    }

    @Test
    void aRunThatFailedInTrainingResumesAtThatStage() throws IOException {
        FileBackedJobs jobs = new FileBackedJobs(0.8);
        jobs.failNextDeployment = new IllegalStateException("executor lost (simulated)");
        RetrainingPipeline p = pipeline(jobs);
        assertThrows(IllegalStateException.class, p::run);
        String runId = Files.readString(dir.resolve("active-run")).trim();
        RunState state = RunState.fromJson(Files.readString(dir.resolve("runs").resolve(runId).resolve("state.json")), "");
        assertEquals(RunState.Status.DONE, state.stage(Stage.TRAIN_TEACHER).status());
        assertEquals(RunState.Status.FAILED, state.stage(Stage.TRAIN_DEPLOYMENT).status());
        assertTrue(state.stage(Stage.TRAIN_DEPLOYMENT).error().contains("executor lost"));
        assertFalse(Files.exists(dir.resolve("pipeline.lock")), "a failed run releases the lock");

        RetrainingPipeline.Outcome o = p.run();
        assertTrue(o.resumed());
        assertEquals(runId, o.runId());
        assertEquals(1, jobs.prepCalls.get());
        assertEquals(1, jobs.teacherCalls.get(), "the teacher was trained again after resuming");
        assertEquals(2, jobs.deploymentCalls.get());
        assertTrue(o.promoted());
        RunState after = RunState.fromJson(Files.readString(dir.resolve("runs").resolve(runId).resolve("state.json")), "");
        assertEquals(2, after.stage(Stage.TRAIN_DEPLOYMENT).attempts());
        assertTrue(after.finished());
    }

    @Test
    void aPipelineKilledMidTrainingResumesThere() throws Exception {
        Path marker = tmp.resolve("training-started");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PipelineCrashMain.class.getName(),
                dir.toString(), corpus.toString(), marker.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(marker) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(marker), "the child never reached deployment training: "
                    + Files.readString(tmp.resolve("child.log")));
        } finally {
            child.destroyForcibly(); // SIGKILL: no finally blocks, no lock release
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(dir.resolve("pipeline.lock")), "a killed pipeline leaves its lock behind");

        FileBackedJobs jobs = new FileBackedJobs(0.8);
        RetrainingPipeline.Outcome o = pipeline(jobs).run();
        assertTrue(o.resumed(), "the killed run was not resumed");
        assertEquals(0, jobs.prepCalls.get());
        assertEquals(0, jobs.teacherCalls.get());
        assertEquals(1, jobs.deploymentCalls.get());
        RunState state = RunState.fromJson(Files.readString(dir.resolve("runs").resolve(o.runId()).resolve("state.json")), "");
        assertEquals(2, state.stage(Stage.TRAIN_DEPLOYMENT).attempts(), "RUNNING at the kill counts as an attempt");
        assertEquals(1, lineage().size());
    }

    @Test
    void aSecondPipelineOnTheSameDirectoryIsRefusedNamingTheLockAndItsHolder() {
        PipelineStore store = new PipelineStore(dir.toString(), new Configuration());
        try (PipelineLock held = PipelineLock.acquire(store, Duration.ofHours(2))) {
            FileBackedJobs jobs = new FileBackedJobs(0.8);
            PipelineLock.HeldException e = assertThrows(PipelineLock.HeldException.class, () -> pipeline(jobs).run());
            assertTrue(e.getMessage().contains(dir.resolve("pipeline.lock").toString()), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains("pipeline.stale-lock-after"), e.getMessage());
            assertEquals(0, jobs.prepCalls.get(), "work started without the lock");
        }
        assertTrue(lineage().isEmpty(), "the refused run recorded a decision");
        assertFalse(Files.exists(dir.resolve("active-run")), "the refused run started a run");
    }
}
