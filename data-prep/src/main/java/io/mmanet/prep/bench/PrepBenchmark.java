package io.mmanet.prep.bench;

import com.typesafe.config.Config;
import io.mmanet.prep.corpus.CorpusSettings;
import io.mmanet.prep.image.ImageTooLargeException;
import io.mmanet.prep.image.ImageTooSmallException;
import io.mmanet.prep.image.StoredImage;
import io.mmanet.prep.image.UnreadableImageException;
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

/**
 * {@code mmanet bench prep}: the prep Spark job against a plain single-threaded loop that reads,
 * decodes and resizes the same image files (same codec and resize code), in one run on one
 * machine. Each side runs once to warm up (JIT, Spark and Parquet class loading) and is then
 * timed over {@code repeats} runs; the best run counts.
 */
public final class PrepBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(PrepBenchmark.class);

    /** Measured figures; images = present modality images of accepted rows. */
    public record Result(long images, int cores, double loopSeconds, double prepSeconds, String machine) {

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

        public String table() {
            return String.format(Locale.ROOT, """
                    machine: %s
                    images (accepted rows x present modalities): %d
                    | side                                   | cores | seconds | images/s |
                    |----------------------------------------|-------|---------|----------|
                    | single-threaded decode+resize loop     | 1     | %7.2f | %8.1f |
                    | prep Spark job (decode, shards, stats) | %-5d | %7.2f | %8.1f |
                    prep / loop: %.2fx overall, %.2fx per core (goal >= 0.8 per core)
                    """, machine, images, loopSeconds, loopImagesPerSecond(), cores, prepSeconds,
                    prepImagesPerSecond(), prepImagesPerSecond() / loopImagesPerSecond(), ratioPerCore());
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
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            loop(fs, root, rows, corpus, prep);
            loopBest = Math.min(loopBest, (System.nanoTime() - t0) / 1e9);
            LOG.info("bench prep: loop run {}: {} s", i + 1, String.format(Locale.ROOT, "%.2f", loopBest));
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
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            PrepJob.run(spark, cfg, corpusUri, out, true);
            prepBest = Math.min(prepBest, (System.nanoTime() - t0) / 1e9);
            LOG.info("bench prep: prep run {}: {} s", i + 1, String.format(Locale.ROOT, "%.2f", prepBest));
        }
        return new Result(images, spark.sparkContext().defaultParallelism(), loopBest, prepBest, machine());
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
                try (InputStream in = fs.open(new Path(root, row.path(m)))) {
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
