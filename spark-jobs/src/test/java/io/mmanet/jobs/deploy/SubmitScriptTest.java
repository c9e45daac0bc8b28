package io.mmanet.jobs.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/submit.sh --dry-run: the printed command is copyable shell (parsed back here by bash) and
 * carries what each cluster needs. The profile is resolved with this test's classpath
 * (MMANET_RESOLVER_CP), so the shaded jar need not be built.
 */
class SubmitScriptTest {

    @TempDir
    static Path staging;

    static List<String> addOpens;

    @BeforeAll
    static void readAddOpens() throws IOException {
        addOpens = Files.readAllLines(DeployTree.root().resolve("conf/jvm-add-opens.txt")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(addOpens.size() > 10, "conf/jvm-add-opens.txt should list Spark's --add-opens");
    }

    /** The printed command as spark-submit would receive it. */
    record Submit(List<String> argv) {
        String option(String name) {
            int i = argv.indexOf(name);
            return i < 0 || i + 1 >= argv.size() ? null : argv.get(i + 1);
        }

        Map<String, String> confs() {
            Map<String, String> confs = new LinkedHashMap<>();
            for (int i = 0; i + 1 < argv.size(); i++) {
                if (argv.get(i).equals("--conf") && argv.get(i + 1).startsWith("spark.")) {
                    String kv = argv.get(i + 1);
                    String key = kv.substring(0, kv.indexOf('='));
                    assertFalse(confs.containsKey(key), "spark property " + key + " given twice: " + argv);
                    confs.put(key, kv.substring(kv.indexOf('=') + 1));
                }
            }
            return confs;
        }
    }

    static Submit dryRun(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", "deploy/submit.sh"));
        cmd.addAll(List.of(args));
        DeployTree.Result r = DeployTree.run(cmd, Map.of(
                "MMANET_RESOLVER_CP", System.getProperty("java.class.path"),
                "MMANET_STAGING_DIR", staging.toString()), 120);
        assertEquals(0, r.exit(), r.both());
        String script = r.out().lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
        DeployTree.Result parsed = DeployTree.run(List.of("bash", "-c",
                "eval \"argv=( $1 )\" && printf '%s\\0' \"${argv[@]}\"", "parse", script), Map.of(), 30);
        assertEquals(0, parsed.exit(), "the printed command is not valid shell:\n" + r.out() + parsed.err());
        List<String> argv = List.of(parsed.out().split("\0"));
        return new Submit(argv);
    }

    static void assertCommon(Submit s) {
        Map<String, String> c = s.confs();
        for (String side : List.of("driver", "executor")) {
            String opts = c.get("spark." + side + ".extraJavaOptions");
            assertNotNull(opts, side + " extraJavaOptions missing: " + s.argv());
            for (String flag : addOpens) {
                assertTrue((" " + opts + " ").contains(" " + flag + " "), side + " options lack " + flag + ": " + opts);
            }
            assertTrue(opts.matches(".*-Dorg\\.bytedeco\\.javacpp\\.maxbytes=\\d+G.*"), opts);
            assertTrue(opts.matches(".*-Dorg\\.bytedeco\\.javacpp\\.maxphysicalbytes=\\d+G.*"), opts);
        }
        assertEquals("org.apache.spark.serializer.KryoSerializer", c.get("spark.serializer"));
        assertEquals("io.mmanet.jobs.spark.MmanetKryoRegistrator", c.get("spark.kryo.registrator"));
        assertEquals("true", c.get("spark.kryo.registrationRequired"));
        assertNotNull(c.get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("io.mmanet.jobs.cli.MmanetCli", s.option("--class"));
        // The subcommand comes after the jar, then the job's config file for the driver.
        List<String> tail = s.argv().subList(s.argv().size() - 5, s.argv().size());
        assertEquals(List.of("train", "--role", "teacher", "--conf"), tail.subList(0, 4), s.argv().toString());
    }

    static long gib(String size) {
        assertTrue(size.matches("\\d+g"), "expected a size in g: " + size);
        return Long.parseLong(size.substring(0, size.length() - 1));
    }

    @Test
    void yarnCommandCarriesMasterDeployModeJarAndNd4jMemory() {
        Submit s = dryRun("--cluster", "yarn", "--dry-run", "--", "train", "--role", "teacher");
        assertCommon(s);
        assertEquals("yarn", s.option("--master"));
        assertEquals("cluster", s.option("--deploy-mode"));
        assertTrue(s.argv().stream().anyMatch(a -> a.endsWith("spark-jobs/target/mmanet-spark-0.1.0-SNAPSHOT.jar")), s.argv().toString());
        Map<String, String> c = s.confs();
        // ND4J lives off-heap: the overhead must be larger than the heap and hold maxbytes.
        assertTrue(gib(c.get("spark.executor.memoryOverhead")) > gib(c.get("spark.executor.memory")), c.toString());
        assertTrue(c.get("spark.executor.extraJavaOptions").contains("maxbytes=14G"));
        // Cluster mode ships the job config; the driver reads it from its working directory.
        String jobFile = s.argv().get(s.argv().size() - 1);
        assertTrue(s.option("--files").endsWith("/" + jobFile), s.option("--files"));
        assertFalse(c.containsKey("spark.executor.resource.gpu.amount"), "no GPU without gpu.conf");
    }

    @Test
    void yarnWithGpuAsksForOneGpuPerTaskAndShipsTheDiscoveryScript() {
        Submit s = dryRun("--cluster", "yarn", "--gpu", "--dry-run", "--", "train", "--role", "teacher");
        assertCommon(s);
        Map<String, String> c = s.confs();
        assertEquals("1", c.get("spark.executor.resource.gpu.amount"));
        assertEquals("1", c.get("spark.task.resource.gpu.amount"));
        assertEquals("./gpu-discovery.sh", c.get("spark.executor.resource.gpu.discoveryScript"));
        assertTrue(s.option("--files").contains(DeployTree.root().resolve("deploy/gpu-discovery.sh").toString()));
        assertEquals(c.get("spark.executor.cores"), c.get("spark.task.cpus"), "one task (one DL4J worker) per GPU");
    }

    @Test
    void k8sCommandUsesTheImageJarAndExistingPodTemplates() {
        Submit s = dryRun("--cluster", "k8s", "--dry-run", "--", "train", "--role", "teacher");
        assertCommon(s);
        assertTrue(s.option("--master").startsWith("k8s://https://"), s.option("--master"));
        assertEquals("cluster", s.option("--deploy-mode"));
        assertTrue(s.argv().contains("local:///opt/mmanet/mmanet-spark.jar"), s.argv().toString());
        Map<String, String> c = s.confs();
        assertTrue(c.get("spark.kubernetes.container.image").endsWith("-cpu"), c.toString());
        for (String side : List.of("driver", "executor")) {
            Path template = Path.of(c.get("spark.kubernetes." + side + ".podTemplateFile"));
            assertTrue(template.isAbsolute() && Files.isRegularFile(template), template.toString());
        }
        assertTrue(gib(c.get("spark.executor.memoryOverhead")) >= gib(c.get("spark.executor.memory")));
        assertFalse(c.containsKey("spark.executor.resource.gpu.amount"));
    }

    @Test
    void k8sWithGpuUsesTheCudaImageGpuTemplateAndVendor() {
        Submit s = dryRun("--cluster", "k8s", "--gpu", "--dry-run",
                "--set", "spark.conf.\"spark.kubernetes.namespace\"=ml", "--", "train", "--role", "teacher");
        assertCommon(s);
        Map<String, String> c = s.confs();
        assertTrue(c.get("spark.kubernetes.container.image").endsWith("-cuda"), c.toString());
        assertEquals("1", c.get("spark.executor.resource.gpu.amount"));
        assertEquals("1", c.get("spark.task.resource.gpu.amount"));
        assertEquals("nvidia.com", c.get("spark.executor.resource.gpu.vendor"));
        assertEquals("/opt/mmanet/deploy/gpu-discovery.sh", c.get("spark.executor.resource.gpu.discoveryScript"));
        assertTrue(c.get("spark.kubernetes.executor.podTemplateFile").endsWith("executor-gpu-pod-template.yaml"));
        assertEquals("ml", c.get("spark.kubernetes.namespace"), "--set wins over the profiles");
    }

    @Test
    void anUnknownKeyFailsBeforeAnythingIsSubmittedNamingTheKey() {
        DeployTree.Result r = DeployTree.run(List.of("bash", "deploy/submit.sh", "--cluster", "yarn", "--dry-run",
                        "--set", "trian.epochs=3", "--", "train"),
                Map.of("MMANET_RESOLVER_CP", System.getProperty("java.class.path"),
                        "MMANET_STAGING_DIR", staging.toString()), 120);
        assertEquals(2, r.exit(), r.both());
        assertTrue(r.err().contains("trian.epochs"), r.both());
        assertFalse(r.out().contains("spark-submit"), r.both());
    }

    @Test
    void aMissingClusterIsRefused() {
        DeployTree.Result r = DeployTree.run(List.of("bash", "deploy/submit.sh", "--dry-run", "--", "train"), Map.of(), 30);
        assertEquals(2, r.exit(), r.both());
        assertTrue(r.err().contains("--cluster local|yarn|k8s"), r.both());
    }
}
