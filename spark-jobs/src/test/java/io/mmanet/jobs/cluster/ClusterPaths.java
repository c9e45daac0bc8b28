package io.mmanet.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** What the failsafe configuration tells the cluster tests: repository root, Spark's jars, java. */
final class ClusterPaths {
    private ClusterPaths() {
    }

    static Path root() {
        return Path.of(required("mmanet.root"));
    }

    static List<String> sparkClasspath() {
        try {
            String cp = Files.readString(Path.of(required("mmanet.sparkClasspathFile"))).trim();
            return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (failsafe sets it)");
        }
        return v;
    }
}
