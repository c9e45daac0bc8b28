package io.mmanet.prep.shard;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.prep.LocalSpark;
import io.mmanet.prep.TestImages;
import io.mmanet.prep.generate.CorpusGenerator;
import io.mmanet.prep.image.ImageResizer;
import io.mmanet.prep.image.PixelExtractor;
import io.mmanet.prep.ingest.CorpusFormatException;
import io.mmanet.prep.ingest.QuarantineRecord;
import io.mmanet.prep.manifest.Manifest;
import io.mmanet.prep.manifest.PixelStats;
import io.mmanet.prep.manifest.SplitCounts;
import io.mmanet.prep.stats.ChannelMoments;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prep job end to end in Spark local mode on a generated corpus with deliberately broken
 * rows of every kind: counts reconcile, each broken row is quarantined with its reason, and good
 * rows' pixels equal a direct decode + resize.
 */
class PrepJobTest {

    static SparkSession spark;
    @TempDir
    static Path tmp;
    static Path corpus;
    static Path out;
    static Manifest manifest;
    static int goodLine;
    /** Expected quarantine reason per (list, line). */
    static final Map<String, String> EXPECTED = new HashMap<>();

    static Config config(String... more) {
        List<String> sets = new ArrayList<>(List.of("generate.samples=40", "generate.image-size=32",
                "generate.missing-fraction=0.2", "prep.height=24", "prep.width=20", "prep.min-source-size=8",
                "prep.max-rows-per-shard=10", "prep.progress-interval-seconds=1", "prep.max-source-pixels=20000"));
        sets.addAll(List.of(more));
        return MmanetConfig.load(null, sets);
    }

    @BeforeAll
    static void prepareBrokenCorpus() throws IOException {
        spark = LocalSpark.start("PrepJobTest");
        corpus = tmp.resolve("corpus");
        CorpusGenerator.generate(config(), corpus);
        List<String> generated = Files.readAllLines(corpus.resolve("train_list.txt"));
        String good = generated.stream().filter(l -> !l.contains("-")).findFirst().orElseThrow();
        goodLine = generated.indexOf(good) + 1;
        String[] g = good.split(" ");
        byte[] png = Files.readAllBytes(corpus.resolve(g[0]));

        TestImages.write(corpus.resolve("bad/garbage.png"), "this is not an image at all".getBytes(StandardCharsets.UTF_8));
        TestImages.write(corpus.resolve("bad/truncated.png"), Arrays.copyOf(png, png.length / 2));
        byte[] jpeg = TestImages.encode(TestImages.noise(40, 40, BufferedImage.TYPE_3BYTE_BGR, 1), "jpg");
        TestImages.write(corpus.resolve("bad/truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
        TestImages.write(corpus.resolve("bad/empty.png"), new byte[0]);
        TestImages.write(corpus.resolve("bad/tiny.png"), TestImages.encode(
                TestImages.noise(4, 4, BufferedImage.TYPE_BYTE_GRAY, 2), "png"));
        TestImages.write(tmp.resolve("outside.png"), png);
        TestImages.write(corpus.resolve("bad/huge.png"), TestImages.encode(
                TestImages.noise(200, 150, BufferedImage.TYPE_BYTE_GRAY, 5), "png"));
        // Good rows in other codecs and bit depths.
        TestImages.write(corpus.resolve("other/a.jpg"), jpeg);
        TestImages.write(corpus.resolve("other/d16.png"), TestImages.encode(
                TestImages.noise(30, 30, BufferedImage.TYPE_USHORT_GRAY, 3), "png"));
        TestImages.write(corpus.resolve("other/ir.bmp"), TestImages.encode(
                TestImages.noise(30, 30, BufferedImage.TYPE_3BYTE_BGR, 4), "bmp"));

        int n = Files.readAllLines(corpus.resolve("train_list.txt")).size();
        List<String> extra = new ArrayList<>();
        addBad(extra, n, "bad/garbage.png " + g[1] + " " + g[2] + " 1", "unreadable-image");
        addBad(extra, n, "- bad/truncated.png " + g[2] + " 1", "unreadable-image");
        addBad(extra, n, "bad/truncated.jpg - - 0", "unreadable-image");
        addBad(extra, n, "bad/empty.png " + g[1] + " " + g[2] + " 0", "zero-byte-file");
        addBad(extra, n, "../outside.png - - 1", "path-escapes-root");
        addBad(extra, n, "other/../../outside.png - - 1", "path-escapes-root");
        addBad(extra, n, "/etc/passwd - - 1", "path-escapes-root");
        addBad(extra, n, "other/a.jpg other/d16.png other/ir.bmp 7", "unknown-label");
        addBad(extra, n, "other/a.jpg other/d16.png other/ir.bmp real", "unknown-label");
        addBad(extra, n, "other/a.jpg other/d16.png 1", "wrong-column-count");
        addBad(extra, n, "other/a.jpg other/d16.png other/ir.bmp 1 extra", "wrong-column-count");
        addBad(extra, n, good, "duplicate-id");
        addBad(extra, n, "bad/tiny.png - - 1", "image-too-small");
        addBad(extra, n, "- - - 1", "no-modality");
        addBad(extra, n, "- bad/huge.png - 1", "image-too-large");
        addBad(extra, n, "bad/not-there.png - - 1", "file-not-found");
        extra.add("");  // blank lines are skipped, not counted
        extra.add("other/a.jpg other/d16.png other/ir.bmp 1");
        extra.add("- other/./d16.png other/ir.bmp 0");
        Files.write(corpus.resolve("train_list.txt"), extra, StandardOpenOption.APPEND);
        // A cross-split duplicate: the first train line again in the test list.
        List<String> test = new ArrayList<>(Files.readAllLines(corpus.resolve("test_list.txt")));
        test.add(good);
        EXPECTED.put("test_list.txt:" + test.size(), "duplicate-id");
        Files.write(corpus.resolve("test_list.txt"), test);

        out = tmp.resolve("out");
        manifest = PrepJob.run(spark, config(), corpus.toUri().toString(), out.toUri().toString(), false);
    }

    private static void addBad(List<String> extra, int existing, String line, String reason) {
        extra.add(line);
        EXPECTED.put("train_list.txt:" + (existing + extra.size()), reason);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void countsReconcileExactlyPerSplit() throws IOException {
        long trainLines = Files.readAllLines(corpus.resolve("train_list.txt")).stream().filter(l -> !l.isBlank()).count();
        SplitCounts train = manifest.splits.get("train");
        assertEquals(trainLines, train.read());
        assertEquals(EXPECTED.keySet().stream().filter(k -> k.startsWith("train")).count(), train.quarantined());
        assertEquals(train.read() - train.quarantined(), train.accepted());
        assertEquals(1, manifest.splits.get("test").quarantined());
        for (SplitCounts c : manifest.splits.values()) {
            assertTrue(c.reconciles(), c.toString());
        }
        long incomplete = manifest.splits.values().stream().mapToLong(SplitCounts::incomplete).sum();
        assertTrue(incomplete >= 1, "the '-' row and generated missing modalities are incomplete");
        assertEquals(List.of("train", "val", "test"), List.copyOf(manifest.splits.keySet()));
    }

    @Test
    void everyBrokenRowIsQuarantinedWithItsReason() {
        List<QuarantineRecord> q = QuarantineReport.read(out.toUri().toString(), spark.sparkContext().hadoopConfiguration());
        assertEquals(EXPECTED.size(), q.size());
        for (QuarantineRecord r : q) {
            String key = r.source() + ":" + r.line();
            assertEquals(EXPECTED.get(key), r.reason(), "reason of " + key + ": " + r);
            assertFalse(r.detail().isBlank());
            assertFalse(r.id() == null || r.id().isBlank());
        }
        QuarantineRecord empty = q.stream().filter(r -> r.reason().equals("zero-byte-file")).findFirst().orElseThrow();
        assertEquals("bad/empty.png", empty.path());
        QuarantineRecord dup = q.stream().filter(r -> r.source().equals("test_list.txt")).findFirst().orElseThrow();
        assertTrue(dup.detail().contains("train_list.txt line " + goodLine), dup.detail());
    }

    @Test
    void layoutAndManifestFollowTheContract() throws IOException {
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")));
        assertTrue(Files.isRegularFile(out.resolve("quarantine/quarantine.jsonl")));
        for (String split : List.of("train", "val", "test")) {
            try (Stream<Path> s = Files.list(out.resolve("shards").resolve(split))) {
                List<String> parts = s.map(p -> p.getFileName().toString())
                        .filter(f -> f.startsWith("part-") && f.endsWith(".parquet")).toList();
                assertFalse(parts.isEmpty(), split);
                assertEquals(parts.size(), manifest.shardFiles.get(split).size());
            }
        }
        // max-rows-per-shard = 10 with ~30 train rows: several shard files.
        assertTrue(manifest.shardFiles.get("train").size() >= 3, manifest.shardFiles.toString());
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".prep-")), "staging dir left behind");
        }
        Manifest read = Manifest.read(out.toUri().toString(), spark.sparkContext().hadoopConfiguration());
        assertEquals(Manifest.FORMAT_VERSION, read.formatVersion);
        assertEquals(24, read.height);
        assertEquals(20, read.width);
        assertEquals(List.of("rgb", "depth", "ir"), read.modalities.stream().map(m -> m.name()).toList());
        assertEquals(3, read.modalities.get(0).channels());
        assertEquals(List.of("fake", "real"), read.labelNames);
        assertEquals("real", read.bonaFideLabel);
        assertEquals(1, read.bonaFideIndex);
        assertEquals(3, read.sources.size());
        assertEquals(64, read.sources.get(0).sha256().length());
        assertEquals(24, read.config.path("prep").path("height").asInt());
        assertEquals(manifest.splits, read.splits);
    }

    @Test
    void goodRowsRoundTripAndStatisticsMatchTheShards() throws IOException {
        List<Row> rows = spark.read().parquet(out.resolve("shards/train").toString()).collectAsList();
        assertEquals(manifest.splits.get("train").accepted(), rows.size());
        Map<String, String[]> lines = new HashMap<>();
        for (String line : Files.readAllLines(corpus.resolve("train_list.txt"))) {
            String[] c = line.split(" ");
            if (c.length == 4 && c[3].matches("[01]")) {
                String first = Stream.of(c).filter(x -> !x.equals("-")).findFirst().orElseThrow();
                lines.put(first.replace("/./", "/"), c);
            }
        }
        int[] channels = {3, 1, 1};
        String[] names = {"rgb", "depth", "ir"};
        ChannelMoments[] moments = {new ChannelMoments(3), new ChannelMoments(1), new ChannelMoments(1)};
        for (Row row : rows) {
            assertEquals("train", row.getAs("split"));
            String[] cells = lines.get(row.<String>getAs("id"));
            assertTrue(cells != null, "row id " + row.getAs("id") + " comes from the list");
            assertEquals(Integer.parseInt(cells[3]), row.<Integer>getAs("label"));
            for (int m = 0; m < 3; m++) {
                boolean present = row.getAs(names[m] + "_present");
                byte[] px = row.getAs(names[m]);
                assertEquals(!cells[m].equals("-"), present, names[m] + " of " + row.getAs("id"));
                if (!present) {
                    assertNull(px);
                    continue;
                }
                assertArrayEquals(directDecode(corpus.resolve(cells[m]), channels[m]), px,
                        names[m] + " of " + row.getAs("id"));
                moments[m].add(px);
            }
        }
        // Manifest statistics cover every split: add val and test from their shards.
        for (String split : List.of("val", "test")) {
            for (Row row : spark.read().parquet(out.resolve("shards/" + split).toString()).collectAsList()) {
                for (int m = 0; m < 3; m++) {
                    if (row.<Boolean>getAs(names[m] + "_present")) {
                        moments[m].add(row.getAs(names[m]));
                    }
                }
            }
        }
        for (int m = 0; m < 3; m++) {
            PixelStats s = manifest.pixelStats.get(names[m]);
            assertEquals(moments[m].pixels(), s.pixels());
            assertArrayEquals(moments[m].mean(), s.mean(), 1e-9);
            assertArrayEquals(moments[m].std(), s.std(), 1e-9);
        }
    }

    /** Independent of SampleReader: ImageIO straight from the file, then the same conversion and resize. */
    private static byte[] directDecode(Path file, int channels) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        byte[] px = PixelExtractor.toChannels(img, channels);
        return ImageResizer.resize(px, img.getHeight(), img.getWidth(), channels, 24, 20);
    }

    @Test
    void refusesAnExistingOutputUnlessOverwriteAndFailedRunsLeaveNoManifest() throws IOException {
        Path target = tmp.resolve("again");
        Config cfg = config();
        PrepJob.run(spark, cfg, corpus.toUri().toString(), target.toString(), false);
        OutputExistsException e = assertThrows(OutputExistsException.class,
                () -> PrepJob.run(spark, cfg, corpus.toUri().toString(), target.toString(), false));
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        Files.writeString(target.resolve("marker"), "x");
        Manifest m = PrepJob.run(spark, cfg, corpus.toUri().toString(), target.toString(), true);
        assertFalse(Files.exists(target.resolve("marker")), "overwrite replaces the old output");
        assertEquals(manifest.splits, m.splits);

        Path failed = tmp.resolve("failed");
        CorpusFormatException missing = assertThrows(CorpusFormatException.class, () -> PrepJob.run(spark,
                config("corpus.lists=[{split=train, file=nope.txt}]"), corpus.toString(), failed.toString(), false));
        assertTrue(missing.getMessage().contains("nope.txt"), missing.getMessage());
        assertFalse(Files.exists(failed.resolve("manifest.json")));
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".prep-")), "staging dir left behind");
        }
    }
}
