package io.mmanet.prep.segmentation;

import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.LocalSpark;
import io.mmanet.prep.TestImages;
import io.mmanet.prep.generate.SceneGenerator;
import io.mmanet.prep.image.LabelImage;
import io.mmanet.prep.image.StoredImage;
import io.mmanet.prep.ingest.QuarantineRecord;
import io.mmanet.prep.manifest.Manifest;
import io.mmanet.prep.manifest.SplitCounts;
import io.mmanet.prep.shard.PrepJob;
import io.mmanet.prep.shard.QuarantineReport;
import io.mmanet.prep.shard.ShardSchema;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prep of a generated RGB-D segmentation corpus (real PNGs, 16-bit depth, read through the Hadoop
 * FileSystem API by Spark local) with broken label images added: each is quarantined with its
 * reason, counts reconcile, label images are stored nearest-resized, 16-bit depth keeps its range
 * and the manifest's class pixel counts equal a count over the stored shards.
 */
class SegmentationPrepTest {

    static SparkSession spark;
    @TempDir
    static Path tmp;
    static Path corpus;
    static Path out;
    static Manifest manifest;
    static String[] good;
    static final Map<String, String> EXPECTED = new HashMap<>();
    static final int SRC = 32;
    static final int H = 24;
    static final int W = 20;

    @BeforeAll
    static void prepareCorpusWithBrokenLabels() throws IOException {
        spark = LocalSpark.start("SegmentationPrepTest");
        corpus = tmp.resolve("corpus");
        SceneGenerator.generate(SegmentationConfig.load(), corpus);
        List<String> lines = Files.readAllLines(corpus.resolve("train_list.txt"));
        good = lines.stream().filter(l -> !l.contains(" - ") && !l.startsWith("- ")).findFirst().orElseThrow().split(" ");

        TestImages.write(corpus.resolve("bad/corrupt.png"), "not a png".getBytes(StandardCharsets.UTF_8));
        write(corpus.resolve("bad/small.png"), labels(16, 16, 1));
        BufferedImage range = labels(SRC, SRC, 2);
        range.getRaster().setSample(5, 3, 0, 7); // 6 classes, ignore 255: 7 is neither
        write(corpus.resolve("bad/range.png"), range);
        write(corpus.resolve("bad/colour.png"), TestImages.noise(SRC, SRC, BufferedImage.TYPE_3BYTE_BGR, 3));
        BufferedImage withIgnore = labels(SRC, SRC, 4);
        for (int x = 0; x < SRC; x++) {
            withIgnore.getRaster().setSample(x, 0, 0, 255);
        }
        write(corpus.resolve("good/ignore.png"), withIgnore);

        int n = lines.size();
        List<String> extra = new ArrayList<>();
        // Each row has its own rgb file: the id of a list row is its first path.
        addRow(extra, n, "bad/corrupt.png", "unreadable-label-image");
        addRow(extra, n, "bad/small.png", "label-size-mismatch");
        addRow(extra, n, "bad/range.png", "label-out-of-range");
        addRow(extra, n, "bad/colour.png", "unreadable-label-image");
        addRow(extra, n, "-", "missing-label-image");
        addRow(extra, n, "bad/not-there.png", "missing-label-image");
        addRow(extra, n, "", "wrong-column-count");
        addRow(extra, n, "good/ignore.png", null);
        Files.write(corpus.resolve("train_list.txt"), extra, StandardOpenOption.APPEND);

        out = tmp.resolve("out");
        manifest = PrepJob.run(spark, SegmentationConfig.load(), corpus.toUri().toString(), out.toUri().toString(), false);
    }

    private static void addRow(List<String> extra, int existing, String label, String reason) throws IOException {
        String rgb = "rows/" + extra.size() + "/rgb.png";
        Files.createDirectories(corpus.resolve(rgb).getParent());
        Files.copy(corpus.resolve(good[0]), corpus.resolve(rgb));
        extra.add((rgb + " " + good[1] + " " + label).trim());
        if (reason != null) {
            EXPECTED.put("train_list.txt:" + (existing + extra.size()), reason);
        }
    }

    /** A label image of class indices 0..5 in a pattern. */
    private static BufferedImage labels(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (x / 4 + y / 5 + seed) % 6);
            }
        }
        return img;
    }

    private static void write(Path file, BufferedImage img) {
        TestImages.write(file, TestImages.encode(img, "png"));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static final Map<String, List<Row>> ROWS = new HashMap<>();

    /** A split's shard rows, read once (each read is a Spark job). */
    private static List<Row> shardRows(String split) {
        return ROWS.computeIfAbsent(split, s -> readShards(s));
    }

    private static List<Row> readShards(String split) {
        return spark.read().schema(ShardSchema.of(manifest.modalities, true))
                .parquet(ShardSchema.splitUri(out.toUri().toString(), split)).collectAsList();
    }

    private static Row row(String id) {
        return shardRows("train").stream().filter(r -> r.getString(0).equals(id)).findFirst().orElseThrow();
    }

    @Test
    void brokenLabelImagesAreQuarantinedAndCountsReconcile() {
        List<QuarantineRecord> q = QuarantineReport.read(out.toUri().toString(), spark.sparkContext().hadoopConfiguration());
        assertEquals(EXPECTED.size(), q.size(), q.toString());
        for (QuarantineRecord r : q) {
            assertEquals(EXPECTED.get(r.source() + ":" + r.line()), r.reason(), r.toString());
        }
        for (Map.Entry<String, SplitCounts> e : manifest.splits.entrySet()) {
            SplitCounts c = e.getValue();
            assertTrue(c.reconciles(), e.toString());
            assertEquals(c.accepted(), shardRows(e.getKey()).size(), e.getKey());
        }
        SplitCounts train = manifest.splits.get("train");
        assertEquals(EXPECTED.size(), train.quarantined());
        assertEquals(12 + 8, train.read(), "12 generated rows and 8 added");
        assertTrue(manifest.splits.values().stream().mapToLong(SplitCounts::incomplete).sum() >= 1,
                "missing-fraction 0.25: some rows lack rgb or depth and are kept");
    }

    @Test
    void labelImagesAreStoredNearestResizedWithTheIgnoreValue() throws IOException {
        Row r = row(good[0]);
        assertEquals(-1, r.getInt(r.fieldIndex(ShardSchema.LABEL)));
        byte[] stored = (byte[]) r.get(r.fieldIndex(ShardSchema.LABEL_IMAGE));
        BufferedImage src = ImageIO.read(corpus.resolve(good[2]).toFile());
        byte[] srcBytes = new byte[SRC * SRC];
        for (int i = 0; i < srcBytes.length; i++) {
            srcBytes[i] = (byte) src.getRaster().getSample(i % SRC, i / SRC, 0);
        }
        assertArrayEquals(LabelImage.nearest(srcBytes, SRC, SRC, H, W), stored);
        // Nearest neighbour by hand at one pixel: output (y=23, x=19) takes source ((2*23+1)*32/48, (2*19+1)*32/40).
        assertEquals(srcBytes[31 * SRC + 31], stored[23 * W + 19]);
        assertEquals(srcBytes[(47 * 32 / 48) * SRC + (39 * 32 / 40)], stored[23 * W + 19]);

        Row ignored = shardRows("train").stream().filter(x -> x.getString(0).equals("rows/7/rgb.png")).findFirst()
                .orElseThrow();
        byte[] lab = (byte[]) ignored.get(ignored.fieldIndex(ShardSchema.LABEL_IMAGE));
        for (int x = 0; x < W; x++) {
            assertEquals(255, lab[x] & 0xFF, "the top source row is ignore");
        }
        assertTrue((lab[W * H - 1] & 0xFF) < 6);
        assertEquals(Manifest.TASK_SEGMENTATION, manifest.task);
        assertEquals(255, manifest.ignoreLabel);
    }

    @Test
    void sixteenBitDepthKeepsItsRange() throws Exception {
        Row r = row(good[0]);
        byte[] depth = (byte[]) r.get(r.fieldIndex(ShardSchema.pixelColumn("depth")));
        byte[] png = Files.readAllBytes(corpus.resolve(good[1]));
        BufferedImage src = ImageIO.read(corpus.resolve(good[1]).toFile());
        assertEquals(16, src.getRaster().getSampleModel().getSampleSize(0), "the generator writes 16-bit depth");
        assertArrayEquals(StoredImage.decode(png, png.length, 1, H, W, 8, 1_000_000, 6000).pixels(), depth);
        int min = 255;
        int max = 0;
        for (byte b : depth) {
            min = Math.min(min, b & 0xFF);
            max = Math.max(max, b & 0xFF);
        }
        // Wall at 3-5 m and objects up to 2.2 m in front: with 6000 mm as 255 this spans >= 60
        // levels; the full 16-bit scale would squeeze all of it into 5..22.
        assertTrue(max - min >= 60, "stored depth range " + min + ".." + max);
    }

    @Test
    void classPixelCountsMatchACountOfTheStoredLabels() {
        int classes = manifest.labelNames.size();
        long[] pixels = new long[classes];
        long[] imagePixels = new long[classes];
        long ignore = 0;
        List<Row> rows = shardRows("train");
        for (Row r : rows) {
            byte[] lab = (byte[]) r.get(r.fieldIndex(ShardSchema.LABEL_IMAGE));
            boolean[] has = new boolean[classes];
            for (byte b : lab) {
                int v = b & 0xFF;
                if (v == 255) {
                    ignore++;
                } else {
                    pixels[v]++;
                    has[v] = true;
                }
            }
            for (int c = 0; c < classes; c++) {
                imagePixels[c] += has[c] ? lab.length : 0;
            }
        }
        assertArrayEquals(pixels, manifest.classPixels.get("train"));
        assertArrayEquals(imagePixels, manifest.classImagePixels.get("train"));
        assertEquals((long) rows.size() * H * W, java.util.Arrays.stream(pixels).sum() + ignore);
        assertTrue(ignore >= W, "the ignore row of good/ignore.png");
        double[] weights = manifest.medianFrequencyWeights("train");
        assertEquals(classes, weights.length);
        for (double w : weights) {
            assertTrue(w > 0 && Double.isFinite(w), java.util.Arrays.toString(weights));
        }
        Manifest read = Manifest.read(out.toUri().toString(), spark.sparkContext().hadoopConfiguration());
        assertArrayEquals(manifest.classPixels.get("val"), read.classPixels.get("val"));
        assertNotNull(read.classImagePixels.get("test"));
        assertTrue(read.segmentation());
        assertFalse(read.modalities.stream().map(Modality::name).toList().contains(ShardSchema.LABEL_IMAGE));
    }
}
