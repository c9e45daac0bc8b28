package io.mmanet.prep.bench;

import com.typesafe.config.Config;
import io.mmanet.prep.corpus.CorpusSettings;
import io.mmanet.prep.image.ImageTooLargeException;
import io.mmanet.prep.image.ImageTooSmallException;
import io.mmanet.prep.image.StoredImage;
import io.mmanet.prep.image.UnreadableImageException;
import io.mmanet.prep.ingest.CorpusFileOpener;
import io.mmanet.prep.ingest.CorpusListing;
import io.mmanet.prep.ingest.SourceRow;
import io.mmanet.prep.manifest.Manifest;
import io.mmanet.prep.shard.PrepJob;
import io.mmanet.prep.shard.PrepSettings;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code mmanet bench prep}: the prep Spark job against a plain single-threaded loop that reads,
 * decodes and resizes the same image files (same codec and resize code), in one run on one
 * machine. Each side runs once to warm up (JIT, Spark and Parquet class loading) and is then
 * timed over {@code repeats} runs; the fastest run counts, with its process CPU time. As a
 * reference it also times the same loop on as many threads as Spark has task slots.
 */
public final class PrepBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(PrepBenchmark.class);

    /**
     * Measured figures; images = present modality images of accepted rows. Wall seconds give
     * throughput; process CPU seconds (every thread of this JVM: tasks, driver, GC, JIT) give the
     * work per image, which stays meaningful when other processes share the cores.
     */
    public record Result(long images, int cores, double loopSeconds, double loopCpuSeconds, double prepSeconds,
                         double prepCpuSeconds, double parallelLoopSeconds, double parallelLoopCpuSeconds,
                         String machine) {

        public double loopImagesPerSecond() {
            return images / loopSeconds;
        }

        public double prepImagesPerSecond() {
            return images / prepSeconds;
        }

        /** Prep images/s per core used, relative to the single-threaded loop (goal: at least 0.8). */
        public double ratioPerCore() {
            return prepImagesPerSecond() / cores / loopImagesPerSecond();
        }

        /** Prep images per CPU-second relative to the loop's: the same ratio measured in CPU time. */
        public double cpuEfficiency() {
            return loopCpuSeconds / prepCpuSeconds;
        }

        /**
         * The same loop split over {@code cores} threads, per core, relative to one thread: what
         * this machine gives a perfectly parallel job (shared caches, memory bandwidth, clocks).
         * A reference only; the goal is measured against the single-threaded loop.
         */
        public double parallelLoopRatioPerCore() {
            return images / parallelLoopSeconds / cores / loopImagesPerSecond();
        }

        public String table() {
            return String.format(Locale.ROOT, """
                    machine: %s
                    images (accepted rows x present modalities): %d
                    | side                                   | cores | wall s | images/s | CPU s | images/CPU-s |
                    |----------------------------------------|-------|--------|----------|-------|--------------|
                    | single-threaded decode+resize loop     | 1     | %6.2f | %8.1f | %5.2f | %12.1f |
                    | prep Spark job (decode, shards, stats) | %-5d | %6.2f | %8.1f | %5.2f | %12.1f |
                    | reference: the loop on %d threads       | %-5d | %6.2f | %8.1f | %5.2f | %12.1f |
                    prep / loop, wall clock: %.2fx overall, %.2fx per core (goal >= 0.8 per core)
                    prep / loop, per CPU-second: %.2fx
                    reference: the loop itself on %d threads gives %.2fx per core of one thread on this machine
                    """, machine, images, loopSeconds, loopImagesPerSecond(), loopCpuSeconds,
                    images / loopCpuSeconds, cores, prepSeconds, prepImagesPerSecond(), prepCpuSeconds,
                    images / prepCpuSeconds, cores, cores, parallelLoopSeconds, images / parallelLoopSeconds,
                    parallelLoopCpuSeconds, images / parallelLoopCpuSeconds,
                    prepImagesPerSecond() / loopImagesPerSecond(), ratioPerCore(), cpuEfficiency(), cores,
                    parallelLoopRatioPerCore());
        }
    }

    private PrepBenchmark() {
    }

    public static Result run(SparkSession spark, Config cfg, String corpusUri, String workUri, int repeats) {
        CorpusSettings corpus = CorpusSettings.fromConfig(cfg);
        PrepSettings prep = PrepSettings.fromConfig(cfg);
        Path root = new Path(corpusUri);
        FileSystem fs;
        try {
            fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<SourceRow> rows = new ArrayList<>();
        CorpusListing.read(fs, root, corpus).rows().values().forEach(rows::addAll);

        long images = loop(fs, root, rows, corpus, prep);
        double loopBest = Double.MAX_VALUE;
        double loopCpu = 0;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            long c0 = processCpuNanos();
            loop(fs, root, rows, corpus, prep);
            double wall = (System.nanoTime() - t0) / 1e9;
            if (wall < loopBest) {
                loopBest = wall;
                loopCpu = (processCpuNanos() - c0) / 1e9;
            }
            LOG.info(String.format(Locale.ROOT, "bench prep: loop run %d: %.2f s", i + 1, wall));
        }
        String out = workUri + "/bench-prep-out";
        Manifest m = PrepJob.run(spark, cfg, corpusUri, out, true);
        long prepImages = 0;
        for (int i = 0; i < m.modalities.size(); i++) {
            prepImages += m.pixelStats.get(m.modalities.get(i).name()).pixels() / ((long) m.height * m.width);
        }
        if (prepImages != images) {
            throw new IllegalStateException("prep accepted " + prepImages + " images, the loop decoded " + images);
        }
        double prepBest = Double.MAX_VALUE;
        double prepCpu = 0;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            long c0 = processCpuNanos();
            PrepJob.run(spark, cfg, corpusUri, out, true);
            double wall = (System.nanoTime() - t0) / 1e9;
            if (wall < prepBest) {
                prepBest = wall;
                prepCpu = (processCpuNanos() - c0) / 1e9;
            }
            LOG.info(String.format(Locale.ROOT, "bench prep: prep run %d: %.2f s", i + 1, wall));
        }
        int cores = spark.sparkContext().defaultParallelism();
        double[] parallel = parallelLoop(fs, root, rows, corpus, prep, cores, repeats);
        return new Result(images, cores, loopBest, loopCpu, prepBest, prepCpu, parallel[0], parallel[1], machine());
    }

    /** The loop on {@code threads} threads (row i to thread i mod threads): warm-up, then best of {@code repeats}. */
    private static double[] parallelLoop(FileSystem fs, Path root, List<SourceRow> rows, CorpusSettings corpus,
                                         PrepSettings prep, int threads, int repeats) {
        List<List<SourceRow>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < rows.size(); i++) {
            parts.get(i % threads).add(rows.get(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double best = Double.MAX_VALUE;
            double cpu = 0;
            for (int i = 0; i <= repeats; i++) {
                long t0 = System.nanoTime();
                long c0 = processCpuNanos();
                List<Future<Long>> done = new ArrayList<>();
                for (List<SourceRow> part : parts) {
                    done.add(pool.submit(() -> loop(fs, root, part, corpus, prep)));
                }
                for (Future<Long> f : done) {
                    f.get();
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                if (i > 0 && wall < best) { // run 0 warms the pool's threads up
                    best = wall;
                    cpu = (processCpuNanos() - c0) / 1e9;
                }
            }
            return new double[] {best, cpu};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the parallel loop failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The baseline: read, decode, convert and resize every image, one after another. */
    private static long loop(FileSystem fs, Path root, List<SourceRow> rows, CorpusSettings corpus, PrepSettings prep) {
        long images = 0;
        long checksum = 0;
        for (SourceRow row : rows) {
            for (int m = 0; m < row.modalityCount(); m++) {
                if (row.path(m) == null) {
                    continue;
                }
                byte[] encoded;
                try (InputStream in = CorpusFileOpener.open(fs, new Path(root, row.path(m)))) {
                    encoded = in.readAllBytes();
                } catch (IOException e) {
                    continue; // quarantined by prep too (file-not-found)
                }
                try {
                    byte[] px = StoredImage.fromEncoded(encoded, corpus.modalities().get(m).channels(), prep.height(),
                            prep.width(), prep.minSourceSize(), prep.maxSourcePixels());
                    checksum += px[px.length / 2];
                    images++;
                } catch (UnreadableImageException | ImageTooSmallException | ImageTooLargeException e) {
                    // quarantined by prep too
                }
            }
        }
        if (checksum == Long.MIN_VALUE) {
            LOG.debug("unreachable: keeps the decode from being optimised away");
        }
        return images;
    }

    /** CPU time of every thread of this JVM (needs the com.sun.management extension, as on OpenJDK). */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: the JVM's view below is still informative
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM, Java "
                + System.getProperty("java.version");
    }
}
