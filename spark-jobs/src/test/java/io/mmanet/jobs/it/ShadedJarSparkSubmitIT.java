package io.mmanet.jobs.it;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar is submit-able: a real {@code org.apache.spark.deploy.SparkSubmit} (what the
 * spark-submit script runs) gets only Spark's own jars on its classpath plus our jar as the
 * application, exactly as on a cluster, and runs a job with --master local[2].
 */
class ShadedJarSparkSubmitIT {

    private static Path required(String property) {
        String v = System.getProperty(property);
        assertTrue(v != null && Files.exists(Path.of(v)), property + " must name an existing file: " + v);
        return Path.of(v);
    }

    @Test
    void checkJobRunsThroughSparkSubmit() throws Exception {
        Path jar = required("mmanet.shadedJar");
        String sparkClasspath = Files.readString(required("mmanet.sparkClasspathFile")).trim();
        for (String entry : sparkClasspath.split(File.pathSeparator)) {
            assertTrue(!entry.contains("io/mmanet") && !entry.contains("target/classes"),
                    "the Spark classpath must not contain our classes: " + entry);
        }
        Path addOpens = Path.of(System.getProperty("mmanet.root"), "conf", "jvm-add-opens.txt");

        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + addOpens);
        cmd.add("-Xmx2g");
        cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"));
        cmd.add("-cp");
        cmd.add(sparkClasspath);
        cmd.add("org.apache.spark.deploy.SparkSubmit");
        cmd.addAll(List.of("--master", "local[2]", "--class", "io.mmanet.jobs.cli.MmanetCli",
                "--conf", "spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=mmanet-log4j2.properties",
                jar.toString(), "check"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "spark-submit did not finish");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("\"check\":\"ok\""), output);
        assertTrue(output.contains("\"kryo_registration_required\":\"true\""), output);
        assertTrue(output.contains("CpuBackend"), output);
        // The oneDNN path runs in the driver and in the executors (spark.executor.extraJavaOptions).
        assertTrue(output.contains("\"onednn\":true") && output.contains("\"layer_helpers_enabled\":true"), output);
        assertTrue(output.contains("\"ConvolutionLayer\":\"MKLDNNConvHelper\""), output);
        assertTrue(output.contains("helpers enabled") && !output.contains("helpers disabled"), output);
    }
}
