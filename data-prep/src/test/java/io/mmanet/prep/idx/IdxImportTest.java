package io.mmanet.prep.idx;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.prep.LocalSpark;
import io.mmanet.prep.manifest.Manifest;
import io.mmanet.prep.shard.PrepJob;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** IDX files (Fashion-MNIST format) cut into views, written as a corpus and prepared. */
class IdxImportTest {

    static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("IdxImportTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Image i has pixel (r, c) = (i * 31 + r * 7 + c) mod 256. */
    static byte[] image(int i) {
        byte[] px = new byte[28 * 28];
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                px[r * 28 + c] = (byte) (i * 31 + r * 7 + c);
            }
        }
        return px;
    }

    static void writeIdx(Path file, int n, boolean images, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(images ? 0x803 : 0x801);
            out.writeInt(n);
            if (images) {
                out.writeInt(28);
                out.writeInt(28);
            }
            for (int i = 0; i < n; i++) {
                if (images) {
                    out.write(image(i));
                } else {
                    out.write(i % 10);
                }
            }
        }
    }

    @Test
    void tinyIdxFilesBecomeAPreparedCorpusWhoseModalitiesAreTheViews() throws IOException {
        Path dir = tmp.resolve("idx");
        Files.createDirectories(dir);
        writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), 10, true, true);
        writeIdx(dir.resolve("train-labels-idx1-ubyte.gz"), 10, false, true);
        writeIdx(dir.resolve("t10k-images-idx3-ubyte"), 4, true, false);
        writeIdx(dir.resolve("t10k-labels-idx1-ubyte"), 4, false, false);
        Config cfg = MmanetConfig.load(null, List.of("idx.val-fraction=0.2"));
        String out = tmp.resolve("out").toString();

        IdxCorpusExporter.Export export = IdxCorpusExporter.export(cfg, dir.toString(), out);
        Manifest m = PrepJob.run(spark, export.config(), export.corpusDir().toUri().toString(), out, false);

        assertEquals(List.of("top", "middle", "bottom"), m.modalities.stream().map(s -> s.name()).toList());
        assertEquals(10, m.height);
        assertEquals(28, m.width);
        assertNull(m.bonaFideLabel);
        assertEquals(10, m.labelNames.size());
        assertEquals(8, m.splits.get("train").accepted());
        assertEquals(2, m.splits.get("val").accepted());
        assertEquals(4, m.splits.get("test").accepted());
        assertEquals("manifest", m.corpusFormat);
        for (Row row : spark.read().parquet(out + "/shards/test").collectAsList()) {
            int k = Integer.parseInt(row.<String>getAs("id").substring("t10k-".length()));
            assertEquals(k % 10, row.<Integer>getAs("label"));
            byte[] img = image(k);
            assertArrayEquals(Arrays.copyOfRange(img, 0, 280), row.getAs("top"));
            assertArrayEquals(Arrays.copyOfRange(img, 9 * 28, 19 * 28), row.getAs("middle"));
            assertArrayEquals(Arrays.copyOfRange(img, 18 * 28, 28 * 28), row.getAs("bottom"));
        }
    }

    /** The real Fashion-MNIST files of Debian's dataset-fashion-mnist package, when installed. */
    @Test
    void realFashionMnistFromTheDebianPackage() {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        boolean present = Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"));
        if (!present) {
            System.err.println("SKIPPED realFashionMnistFromTheDebianPackage: " + dir + " is absent "
                    + "(apt-get install -y dataset-fashion-mnist)");
        }
        Assumptions.assumeTrue(present, dir + " absent: apt-get install -y dataset-fashion-mnist");
        Config cfg = MmanetConfig.load(null, List.of("idx.limit=200"));
        String out = tmp.resolve("fmnist").toString();
        IdxCorpusExporter.Export export = IdxCorpusExporter.export(cfg, null, out);
        Manifest m = PrepJob.run(spark, export.config(), export.corpusDir().toUri().toString(), out, false);
        assertEquals(180, m.splits.get("train").accepted());
        assertEquals(20, m.splits.get("val").accepted());
        assertEquals(200, m.splits.get("test").accepted());
        // Fashion-MNIST images have a dark background and brighter garments in the middle band.
        double middle = m.pixelStats.get("middle").mean()[0];
        assertFalse(middle < 20 || middle > 200, "middle band mean " + middle);
    }
}
