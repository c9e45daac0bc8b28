package io.mmanet.jobs.cluster;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Runs {@code ./mmanet} as a user would, as its own process (the driver JVM), on a machine
 * without a Spark distribution: no SPARK_HOME and no spark-submit on PATH, so the launcher calls
 * Spark's SparkSubmit class itself.
 */
final class MmanetProcess {

    /** Exit code and the merged stdout/stderr lines of one run. */
    record Outcome(int exit, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }
    }

    private MmanetProcess() {
    }

    static Outcome run(List<String> args) throws Exception {
        return run(args, l -> false, (l, p) -> { });
    }

    /**
     * Runs the command; the first output line matching {@code trigger} is handed to
     * {@code onTrigger} with the running process (e.g. to kill an executor, or the driver).
     */
    static Outcome run(List<String> args, Predicate<String> trigger, BiConsumer<String, Process> onTrigger)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ClusterPaths.root().resolve("mmanet").toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("SPARK_HOME");
        env.put("PATH", Arrays.stream(env.getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !Files.exists(Path.of(d, "spark-submit")))
                .collect(Collectors.joining(File.pathSeparator)));
        env.put("MMANET_NO_BUILD", "1");
        env.put("MMANET_JAVA_OPTS", "-Xmx1g");
        env.put("OMP_NUM_THREADS", "1");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        String cacheDir = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cacheDir != null) {
            env.put("MMANET_CACHE_DIR", Path.of(cacheDir).getParent().toString());
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        boolean fired = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                if (!fired && trigger.test(line)) {
                    fired = true;
                    onTrigger.accept(line, p);
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("./mmanet " + args + " did not finish:\n" + String.join("\n", lines));
        }
        // For the failsafe report: what ran, how long, and the epoch lines.
        System.out.printf("./mmanet %s: exit %d in %.1f s%n", args.get(0), p.exitValue(), (System.nanoTime() - t0) / 1e9);
        lines.stream().filter(l -> l.contains(" done |") || l.contains("wall")).forEach(l -> System.out.println("  " + l));
        return new Outcome(p.exitValue(), lines);
    }
}
