package io.mmanet.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on this host: one Master and {@code n} Workers, each its own
 * JVM, started from the jars a Spark distribution ships (spark-runtime's classpath list). Workers
 * launch every application's executors as further JVMs, as on any cluster; a Worker needs a
 * SPARK_HOME with {@code jars/} for that, which is built under {@code target/} from the same list.
 */
public final class StandaloneCluster implements AutoCloseable {
    private final Path home;
    private final String masterUrl;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final List<Path> workDirs = new ArrayList<>();

    private StandaloneCluster(Path home, String masterUrl, Process master) {
        this.home = home;
        this.masterUrl = masterUrl;
        this.master = master;
    }

    /** Starts a Master and {@code n} Workers of 1 core and {@code workerMemoryMb} each; waits until all registered. */
    public static StandaloneCluster start(Path dir, int n, int workerMemoryMb) throws Exception {
        Path home = sparkHome(dir.resolve("spark-home"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Process master = daemon(home, logs.resolve("master.log"), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", "0");
        StandaloneCluster c = new StandaloneCluster(home, "spark://127.0.0.1:" + port, master);
        try {
            for (int i = 0; i < n; i++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + i));
                c.workDirs.add(work);
                c.workers.add(daemon(home, logs.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--cores", "1", "--memory", workerMemoryMb + "m",
                        "--work-dir", work.toString(), "--webui-port", "0", c.masterUrl));
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (count(logs.resolve("master.log"), "Registering worker") < n) {
                if (System.nanoTime() > deadline || !master.isAlive()) {
                    throw new IllegalStateException("workers did not register: " + Files.readString(logs.resolve("master.log")));
                }
                Thread.sleep(200);
            }
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    public String masterUrl() {
        return masterUrl;
    }

    /** SPARK_HOME of the cluster (jars/ only). */
    public Path home() {
        return home;
    }

    /** The executor JVMs now running, across all workers. */
    public List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process w : workers) {
            w.toHandle().descendants().filter(h -> h.info().commandLine().orElse("")
                    .contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")).forEach(out::add);
        }
        return out;
    }

    /** The stderr files of every executor that ran on this cluster (work/app-ID/EXEC/stderr). */
    public List<Path> executorStderrs() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path w : workDirs) {
            try (Stream<Path> s = Files.walk(w, 3)) {
                s.filter(p -> p.getFileName().toString().equals("stderr")).forEach(out::add);
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (Process w : workers) {
            stop(w);
        }
        stop(master);
        // Every executor fetched its own copy of the application jar (~200 MB): keep only the logs.
        for (Path w : workDirs) {
            try (Stream<Path> s = Files.walk(w)) {
                for (Path jar : s.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.deleteIfExists(jar);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    /** The JVM options every Spark JVM of ours gets (Java 17 --add-opens). */
    public static List<String> addOpens() {
        try {
            return Files.readAllLines(ClusterPaths.root().resolve("conf/jvm-add-opens.txt")).stream()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Process daemon(Path home, Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ClusterPaths.java()));
        cmd.addAll(addOpens());
        cmd.addAll(List.of("-Xmx256m", "-cp", home.resolve("jars") + File.separator + "*", mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        environment(pb.environment(), home);
        return pb.start();
    }

    /** Environment of a Spark daemon and of its executors: SPARK_HOME, Scala version, loopback. */
    static void environment(Map<String, String> env, Path home) {
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OMP_NUM_THREADS", "1");
    }

    /** A SPARK_HOME whose jars/ links every jar of the spark-runtime classpath list. */
    static Path sparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : ClusterPaths.sparkClasspath()) {
            Path jar = Path.of(entry);
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, jar);
            }
        }
        return home;
    }

    private static long count(Path file, String needle) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return Files.readString(file, StandardCharsets.UTF_8).lines().filter(l -> l.contains(needle)).count();
    }

    static Optional<String> firstLine(Path file, String needle) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.contains(needle)).findFirst();
    }
}
