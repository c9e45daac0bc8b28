package io.mmanet.jobs.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Small real stage implementations for the orchestration tests: real files on disk, no Spark. The
 * corpus is a directory of list files; "prep" copies them under a manifest carrying their checksum;
 * "training" writes a model file whose quality the test chooses; "evaluation" reads it back and
 * writes metrics.json (error = 1 - quality).
 */
class FileBackedJobs implements PipelineJobs {

    static final ObjectMapper JSON = new ObjectMapper();

    final AtomicInteger prepCalls = new AtomicInteger();
    final AtomicInteger teacherCalls = new AtomicInteger();
    final AtomicInteger deploymentCalls = new AtomicInteger();
    final AtomicInteger evaluateCalls = new AtomicInteger();
    /** Quality of the next deployment models, in order; the last one repeats. */
    final Deque<Double> qualities = new ArrayDeque<>();
    /** Set to make the next deployment training fail, as a crash would. */
    volatile RuntimeException failNextDeployment;

    FileBackedJobs(double... q) {
        for (double d : q) {
            qualities.add(d);
        }
    }

    static Path local(String uri) {
        return uri.startsWith("file:") ? Path.of(java.net.URI.create(uri)) : Path.of(uri);
    }

    @Override
    public String sourceChecksum(String corpus) {
        try (Stream<Path> s = Files.list(local(corpus))) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path list : s.filter(p -> p.getFileName().toString().endsWith("_list.txt")).sorted().toList()) {
                md.update(list.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(list));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String prep(String corpus, String out) {
        prepCalls.incrementAndGet();
        try {
            Path dir = local(out);
            Files.createDirectories(dir.resolve("shards/test"));
            try (Stream<Path> s = Files.list(local(corpus))) {
                for (Path list : s.filter(p -> p.getFileName().toString().endsWith("_list.txt")).toList()) {
                    Files.copy(list, dir.resolve("shards/test").resolve(list.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            String checksum = sourceChecksum(corpus);
            Files.writeString(dir.resolve("manifest.json"), JSON.writeValueAsString(Map.of("source_checksum", checksum)));
            return checksum;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String trainTeacher(String shards, String outDir) {
        teacherCalls.incrementAndGet();
        return writeModel(outDir, "teacher.json", 1.0);
    }

    @Override
    public String trainDeployment(String shards, String teacherModel, String outDir) {
        deploymentCalls.incrementAndGet();
        if (!Files.isRegularFile(local(teacherModel))) {
            throw new IllegalStateException("teacher " + teacherModel + " missing");
        }
        RuntimeException fail = failNextDeployment;
        if (fail != null) {
            failNextDeployment = null;
            throw fail;
        }
        double q = qualities.size() > 1 ? qualities.poll() : qualities.peek();
        return writeModel(outDir, "deployment.json", q);
    }

    @Override
    public Map<String, Double> evaluate(String model, String shards, String outDir) {
        evaluateCalls.incrementAndGet();
        try {
            if (!Files.isDirectory(local(shards).resolve("shards/test"))) {
                throw new IllegalStateException("no test shards in " + shards);
            }
            double q = JSON.readTree(local(model).toFile()).path("quality").asDouble();
            Files.createDirectories(local(outDir));
            ObjectNode metrics = JSON.createObjectNode();
            metrics.putObject("mean").put("error", 1 - q).put("accuracy", q);
            Files.writeString(local(outDir).resolve("metrics.json"), metrics.toString());
            return Map.of("error", 1 - q, "accuracy", q);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String writeModel(String outDir, String name, double quality) {
        try {
            Path dir = local(outDir);
            Files.createDirectories(dir);
            Path f = dir.resolve(name);
            Files.writeString(f, JSON.writeValueAsString(Map.of("quality", quality)));
            return f.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeCorpus(Path corpus, List<String> trainLines) throws IOException {
        Files.createDirectories(corpus);
        Files.write(corpus.resolve("train_list.txt"), trainLines);
        Files.write(corpus.resolve("test_list.txt"), List.of("rgb/9.png depth/9.png ir/9.png 1"));
    }
}
