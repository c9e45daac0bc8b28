package io.mmanet.prep.bench;

import com.typesafe.config.Config;
import io.mmanet.bench.AlternatingRuns;
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
 * machine. As a reference it also times the same loop on as many threads as Spark has task slots.
 * The sides are measured as {@code bench train}'s ({@link AlternatingRuns}): each warms up until the
 * JIT compiler is quiet (the prep job's Spark, Hadoop and Parquet code kept C2 compiling for 10-15
 * runs, 0.4-0.9 CPU-s of a 5.5 CPU-s run), then they run in turn and each side's median run counts
 * with its process CPU time. Each prep run writes where no output is, as a user's first run: the
 * previous run's output is removed before the clock starts.
 */
public final class PrepBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(PrepBenchmark.class);

    /**
     * Measured figures (each side's median run of {@code repeats}); images = present modality images
     * of accepted rows. Wall seconds give throughput; process CPU seconds (every thread of this JVM:
     * tasks, driver, GC, JIT) give the work per image, which stays meaningful when other processes
     * share the cores.
     */
    public record Result(long images, int cores, double loopSeconds, double loopCpuSeconds, double prepSeconds,
                         double prepCpuSeconds, double parallelLoopSeconds, double parallelLoopCpuSeconds,
                         int repeats, String machine) {

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
                    each side's median of %d runs, timed in turn after each side's warm-up
                    | side                                   | cores | wall s | images/s | CPU s | images/CPU-s |
                    |----------------------------------------|-------|--------|----------|-------|--------------|
                    | single-threaded decode+resize loop     | 1     | %6.2f | %8.1f | %5.2f | %12.1f |
                    | prep Spark job (decode, shards, stats) | %-5d | %6.2f | %8.1f | %5.2f | %12.1f |
                    | reference: the loop on %d threads       | %-5d | %6.2f | %8.1f | %5.2f | %12.1f |
                    prep / loop, wall clock: %.2fx overall, %.2fx per core (goal >= 0.8 per core)
                    prep / loop, per CPU-second: %.2fx
                    reference: the loop itself on %d threads gives %.2fx per core of one thread on this machine
                    """, machine, images, repeats, loopSeconds, loopImagesPerSecond(), loopCpuSeconds,
                    images / loopCpuSeconds, cores, prepSeconds, prepImagesPerSecond(), prepCpuSeconds,
                    images / prepCpuSeconds, cores, cores, parallelLoopSeconds, images / parallelLoopSeconds,
                    parallelLoopCpuSeconds, images / parallelLoopCpuSeconds,
                    prepImagesPerSecond() / loopImagesPerSecond(), ratioPerCore(), cpuEfficiency(), cores,
                    parallelLoopRatioPerCore());
        }
    }

    /** Timed runs per side when the command does not say (medians of these). */
    public static final int DEFAULT_REPEATS = 5;

    private PrepBenchmark() {
    }

    /**
     * Warms each side up on its own (at least one run, at least {@code warmupSeconds}, and until the
     * JIT compiler is quiet; {@code warmupSeconds} <= 0 = one run), then times {@code repeats} runs of
     * every side in turn (loop, prep, reference, loop, ...) and reports each side's median wall time
     * with the CPU time of that same run ({@link AlternatingRuns}).
     */
    public static Result run(SparkSession spark, Config cfg, String corpusUri, String workUri, int repeats,
                             double warmupSeconds) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        CorpusSettings corpus = CorpusSettings.fromConfig(cfg);
        PrepSettings prep = PrepSettings.fromConfig(cfg);
        Path root = new Path(corpusUri);
        FileSystem fs = fileSystem(spark, root);
        List<SourceRow> rows = new ArrayList<>();
        CorpusListing.read(fs, root, corpus).rows().values().forEach(rows::addAll);
        int cores = spark.sparkContext().defaultParallelism();
        String out = workUri + "/bench-prep-out";
        Path outPath = new Path(out);
        FileSystem outFs = fileSystem(spark, outPath);
        List<List<SourceRow>> parts = parts(rows, cores);
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        try {
            long[] images = new long[3];
            List<AlternatingRuns.Side> sides = List.of(
                    new AlternatingRuns.Side("loop", n -> AlternatingRuns.timed(
                            () -> images[0] = loop(fs, root, rows, corpus, prep))),
                    new AlternatingRuns.Side("prep job", n -> AlternatingRuns.timed(
                            () -> images[1] = images(PrepJob.run(spark, cfg, corpusUri, out, true))),
                            () -> delete(outFs, outPath)),
                    new AlternatingRuns.Side("loop on " + cores + " threads", n -> AlternatingRuns.timed(
                            () -> images[2] = parallelLoop(pool, fs, root, parts, corpus, prep))));
            List<AlternatingRuns.Run> median = AlternatingRuns.ofThisJvm().medians(sides, repeats, warmupSeconds,
                    line -> LOG.info("bench prep: {}", line));
            if (images[1] != images[0] || images[2] != images[0]) {
                throw new IllegalStateException("the sides saw different images: loop " + images[0] + ", prep "
                        + images[1] + ", parallel loop " + images[2]);
            }
            return new Result(images[0], cores, median.get(0).seconds(), median.get(0).cpuSeconds(),
                    median.get(1).seconds(), median.get(1).cpuSeconds(), median.get(2).seconds(),
                    median.get(2).cpuSeconds(), repeats, machine());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Removes the previous run's output before a prep run, outside its time: a user's prep run
     * writes where no output is (or replaces one once), while the benchmark's runs write the same
     * 180 MB again and again, and deleting it took 0.06-0.23 s of the job's commit.
     */
    private static void delete(FileSystem fs, Path out) {
        try {
            fs.delete(out, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the previous prep output " + out, e);
        }
    }

    private static FileSystem fileSystem(SparkSession spark, Path p) {
        try {
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("no file system for " + p, e);
        }
    }

    /** Images the prep job accepted: its pixel statistics count every stored image's pixels. */
    private static long images(Manifest m) {
        long n = 0;
        for (int i = 0; i < m.modalities.size(); i++) {
            n += m.pixelStats.get(m.modalities.get(i).name()).pixels() / ((long) m.height * m.width);
        }
        return n;
    }

    /** Row i goes to part i mod {@code threads}: the parallel loop's work per thread, built once. */
    private static List<List<SourceRow>> parts(List<SourceRow> rows, int threads) {
        List<List<SourceRow>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            parts.add(new ArrayList<>());
        }
        for (int i = 0; i < rows.size(); i++) {
            parts.get(i % threads).add(rows.get(i));
        }
        return parts;
    }

    /** The loop over each part on its own thread of {@code pool}. */
    private static long parallelLoop(ExecutorService pool, FileSystem fs, Path root, List<List<SourceRow>> parts,
                                     CorpusSettings corpus, PrepSettings prep) {
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (List<SourceRow> part : parts) {
                done.add(pool.submit(() -> loop(fs, root, part, corpus, prep)));
            }
            long images = 0;
            for (Future<Long> f : done) {
                images += f.get();
            }
            return images;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the parallel loop failed", e.getCause());
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
