package io.mmanet.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmanet.networks.method.Methods;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.export.ModelExport;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyCorpus;
import io.mmanet.jobs.train.TrainJob;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static io.mmanet.networks.testing.Bits.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jobs on a real multi-JVM cluster (Spark standalone: a Master, two Workers of one core,
 * executors launched by the Workers), driven through {@code ./mmanet --master spark://...} as a
 * user would, without a spark-submit binary: check, logging, teacher + MMANet + eval, the same
 * parameters across runs and against local[2], an executor SIGKILLed mid-epoch, and a driver
 * SIGKILLed mid-run then resumed. One cluster and one uninterrupted MMANet run serve every test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    /** Spark's own log4j2 default pattern ("yy/MM/dd HH:mm:ss INFO Class: ..."): not ours. */
    private static final Pattern SPARK_INFO = Pattern.compile("^\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d INFO ");

    StandaloneCluster cluster;
    Path dir;
    CorpusInfo corpus;
    String teacher;
    String baseline;

    @BeforeAll
    void startClusterAndWriteCorpus() throws Exception {
        Path target = Path.of("target", "standalone-cluster").toAbsolutePath();
        deleteTree(target);
        dir = Files.createDirectories(target.resolve("runs"));
        cluster = StandaloneCluster.start(target, 2, 1536);
        // 80 train samples in 2 partitions: 10 batches of 8 an epoch = two full averaging rounds
        // (2 workers x 2 batches) and one partial round of 2 batches.
        corpus = TinyCorpus.write(LocalSpark.session(), dir.resolve("data"), 80, 32, 16);
        teacher = dir.resolve("teacher").toUri().toString();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The tiny configuration of the local tests, on the cluster. */
    private List<String> onCluster(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        for (String set : TinyCorpus.config("spark.shared-local-fs=true")) {
            if (!set.startsWith("spark.master=")) {
                args.addAll(List.of("--set", set));
            }
        }
        args.addAll(List.of("--master", cluster.masterUrl()));
        return args;
    }

    private List<String> trainMmanet(String run, String... extra) {
        List<String> a = onCluster("train", "--role", "deployment", "--method", "mmanet", "--data", corpus.uri(),
                "--run-dir", dir.resolve(run).toUri().toString(), "--teacher", teacher);
        a.addAll(List.of(extra));
        return a;
    }

    private static INDArray params(String runDir) throws IOException {
        return ModelExport.read(runDir, new Configuration()).graph().params();
    }

    @Test
    @Order(1)
    void checkPassesWithoutSparkSubmitAndEveryJvmLogsWithOurConfiguration() throws Exception {
        // Wait for both executors before the first job, so the probe usually reaches both JVMs.
        List<String> checkArgs = onCluster("check");
        checkArgs.addAll(List.of("--set", "spark.conf.\"spark.scheduler.minRegisteredResourcesRatio\"=1.0"));
        MmanetProcess.Outcome check = MmanetProcess.run(checkArgs);
        assertEquals(0, check.exit(), check.text());
        assertTrue(check.text().contains("\"check\":\"ok\""), check.text());
        assertTrue(check.text().contains("\"spark_master\":\"" + cluster.masterUrl() + "\""), check.text());
        assertTrue(check.lines().stream().noneMatch(l -> SPARK_INFO.matcher(l).find()),
                "the driver logs with Spark's defaults:\n" + check.text());

        List<Path> stderrs = cluster.executorStderrs();
        assertEquals(2, stderrs.size(), "one executor per worker: " + stderrs);
        int switched = 0;
        for (Path stderr : stderrs) {
            List<String> lines = Files.readAllLines(stderr);
            int ours = -1;
            for (int i = 0; i < lines.size() && ours < 0; i++) {
                if (lines.get(i).matches("\\d\\d:\\d\\d:\\d\\d INFO  ExecutorLoggingPlugin: executor \\d+ logs with .*")) {
                    ours = i;
                }
            }
            if (ours < 0) {
                // Spark may stop an executor that registered late, before it got to its plugins (CI
                // saw this once: the check had finished on the other executor). Such a JVM ran none of
                // our code, so there was nothing to log with our configuration; anything else fails.
                assertTrue(lines.stream().anyMatch(l -> l.contains("RECEIVED SIGNAL TERM"))
                                && lines.stream().noneMatch(l -> l.contains("Running task")),
                        stderr + " never switched to our configuration:\n" + String.join("\n", lines));
                continue;
            }
            switched++;
            List<String> after = lines.subList(ours, lines.size());
            assertTrue(after.stream().noneMatch(l -> SPARK_INFO.matcher(l).find()),
                    stderr + " has Spark INFO lines after the switch:\n" + String.join("\n", after));
        }
        assertTrue(switched >= 1, "no executor switched to our configuration: " + stderrs);
    }

    @Test
    @Order(2)
    void teacherMmanetAndEvalRunEndToEnd() throws Exception {
        // file: URIs with a cluster master are refused before any work unless declared shared.
        List<String> unshared = onCluster("train", "--role", "teacher", "--data", corpus.uri(), "--run-dir", teacher);
        unshared.set(unshared.indexOf("spark.shared-local-fs=true"), "spark.shared-local-fs=false");
        MmanetProcess.Outcome refused = MmanetProcess.run(unshared);
        assertEquals(2, refused.exit(), refused.text());
        assertTrue(refused.text().contains("--data " + corpus.uri() + " is on the driver's local file system"),
                refused.text());
        assertFalse(Files.exists(Path.of(java.net.URI.create(teacher))), "nothing written before the refusal");

        List<String> teach = onCluster("train", "--role", "teacher", "--data", corpus.uri(), "--run-dir", teacher);
        teach.addAll(List.of("--set", "train.epochs=1")); // after the shared sets: the last --set wins
        MmanetProcess.Outcome t = MmanetProcess.run(teach);
        assertEquals(0, t.exit(), t.text());
        MmanetProcess.Outcome m = MmanetProcess.run(trainMmanet("mmanet"));
        assertEquals(0, m.exit(), m.text());
        baseline = dir.resolve("mmanet").toUri().toString();
        assertTrue(m.text().contains("| epoch 3/3 done |"), m.text());

        Path report = dir.resolve("report");
        MmanetProcess.Outcome e = MmanetProcess.run(onCluster("eval", "--model", teacher, "--model", baseline,
                "--data", corpus.uri(), "--out", report.toUri().toString()));
        assertEquals(0, e.exit(), e.text());
        JsonNode json = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
        assertEquals(2, json.get("models").size());
        for (JsonNode model : json.get("models")) {
            assertEquals(7, model.get("combinations").size());
            model.get("combinations").forEach(c -> assertEquals(16, c.get("n").asInt()));
        }
    }

    @Test
    @Order(3)
    void sameSeedGivesLocalParametersAndSurvivesAnExecutorKilledMidEpoch() throws Exception {
        // local[2] in this JVM, the same configuration and seed.
        String local = dir.resolve("mmanet-local").toUri().toString();
        TrainJob.run(LocalSpark.session(), MmanetConfig.load(null, TinyCorpus.config()),
                new TrainJob.Request("deployment", Methods.get("mmanet"), null, corpus.uri(), local, teacher, false), corpus);
        INDArray expected = params(baseline);
        INDArray onLocal = params(local);
        double relative = Transforms.abs(onLocal.sub(expected)).maxNumber().doubleValue()
                / Transforms.abs(expected).maxNumber().doubleValue();
        assertTrue(relative < 1e-5, "cluster vs local[2]: max relative difference " + relative);

        // Same command again; one executor JVM SIGKILLed in the first round of epoch 2.
        AtomicLong killed = new AtomicLong(-1);
        MmanetProcess.Outcome run = MmanetProcess.run(trainMmanet("mmanet-executor-lost"),
                l -> l.contains("| epoch 2/3 | round 1/"), (l, p) -> {
                    List<ProcessHandle> executors = cluster.executors();
                    assertFalse(executors.isEmpty(), "no executor JVM to kill");
                    killed.set(executors.get(0).pid());
                    executors.get(0).destroyForcibly();
                });
        assertEquals(0, run.exit(), run.text());
        assertTrue(killed.get() > 0, "the executor was never killed:\n" + run.text());
        assertTrue(run.text().contains("Lost executor") || run.text().contains("ExecutorLostFailure"),
                "the driver did not notice the lost executor:\n" + run.text());
        assertBitIdentical(expected, params(dir.resolve("mmanet-executor-lost").toUri().toString()),
                "parameters after an executor loss vs the uninterrupted cluster run");
    }

    @Test
    @Order(4)
    void driverKilledMidRunResumesToTheSameParameters() throws Exception {
        MmanetProcess.Outcome killed = MmanetProcess.run(trainMmanet("mmanet-driver-killed"),
                l -> l.contains("| epoch 3/3 | round 1/"), (l, p) -> p.toHandle().destroyForcibly());
        assertTrue(killed.exit() != 0, "the driver was not killed:\n" + killed.text());
        assertTrue(Files.exists(dir.resolve("mmanet-driver-killed/checkpoints/epoch-00002/_COMPLETE")));
        assertFalse(Files.exists(dir.resolve("mmanet-driver-killed/model/model.zip")));

        MmanetProcess.Outcome resumed = MmanetProcess.run(trainMmanet("mmanet-driver-killed", "--resume"));
        assertEquals(0, resumed.exit(), resumed.text());
        assertTrue(resumed.text().contains("epoch 2 of 3 done"), resumed.text());
        assertBitIdentical(params(baseline), params(dir.resolve("mmanet-driver-killed").toUri().toString()),
                "parameters after driver kill + --resume vs the uninterrupted cluster run");
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
    }
}
