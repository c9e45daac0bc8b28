package io.mmanet.prep.shard;

import io.mmanet.config.MmanetConfig;
import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.LocalSpark;
import io.mmanet.prep.ingest.LoadedSample;
import io.mmanet.prep.ingest.SourceRow;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystemConfigKeys;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The direct shard writer against Spark's own Parquet writer: for the same rows it writes files
 * with the same Parquet schema and Spark schema metadata, and Spark reads back the same values;
 * task attempts that fail leave nothing, and a retried task rewrites the same file names.
 */
class ShardFileWriterTest {

    static final List<Modality> MODALITIES = List.of(new Modality("rgb", 3), new Modality("depth", 1));
    static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("ShardFileWriterTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<LoadedSample> samples() {
        Random r = new Random(11);
        List<LoadedSample> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] rgb = new byte[6 * 4 * 3];
            byte[] depth = new byte[6 * 4];
            r.nextBytes(rgb);
            r.nextBytes(depth);
            SourceRow row = new SourceRow("train", "train_list.txt", i + 1, "train/s" + i, i % 2,
                    new String[] {"s" + i + "/rgb.png", i == 2 ? null : "s" + i + "/depth.png"});
            out.add(new LoadedSample(row, new byte[][] {rgb, i == 2 ? null : depth}));
        }
        return out;
    }

    private static PrepSettings settings() {
        return PrepSettings.fromConfig(MmanetConfig.load(null, List.of("prep.height=6", "prep.width=4",
                "prep.max-rows-per-shard=2")));
    }

    private static FileSystem localFs() throws IOException {
        return FileSystem.getLocal(new Configuration());
    }

    private static ShardFileWriter writer(Path dir, String attempt) throws IOException {
        return writer(dir, attempt, new Configuration());
    }

    /** @param job the job's Hadoop configuration the writer's own is made from */
    private static ShardFileWriter writer(Path dir, String attempt, Configuration job) throws IOException {
        StructType schema = ShardSchema.of(MODALITIES);
        Configuration conf = ShardFileWriter.parquetConf(job, schema, settings());
        return new ShardFileWriter(conf, localFs(), new org.apache.hadoop.fs.Path(dir.toUri()), "part-00003-run",
                attempt, settings());
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> !f.endsWith(".crc")).sorted().toList();
        }
    }

    @Test
    void writesWhatSparksParquetWriterWrites() throws IOException {
        Path direct = tmp.resolve("direct");
        Files.createDirectories(direct);
        try (ShardFileWriter w = writer(direct, "attempt-1")) {
            for (LoadedSample s : samples()) {
                w.write(ShardSchema.toInternalRow(s));
            }
            w.commit();
        }
        assertEquals(List.of("part-00003-run-c000.snappy.parquet", "part-00003-run-c001.snappy.parquet",
                "part-00003-run-c002.snappy.parquet"), files(direct), "a new file every 2 rows, final names only");

        List<Row> rows = new ArrayList<>();
        for (LoadedSample s : samples()) {
            Object[] v = {s.row().id(), s.row().split(), s.row().label(), s.present(0), s.pixels()[0], s.present(1),
                    s.pixels()[1]};
            rows.add(RowFactory.create(v));
        }
        String bySpark = tmp.resolve("spark").toString();
        spark.createDataFrame(rows, ShardSchema.of(MODALITIES)).coalesce(1).write().mode(SaveMode.ErrorIfExists)
                .option("compression", "snappy").option("parquet.enable.dictionary", "false").parquet(bySpark);

        // The same Parquet schema and the same Spark schema in the footer.
        FileMetaData ours = footer(direct.resolve("part-00003-run-c000.snappy.parquet"));
        Path sparkFile;
        try (Stream<Path> s = Files.list(Path.of(bySpark))) {
            sparkFile = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        FileMetaData theirs = footer(sparkFile);
        assertEquals(theirs.getSchema(), ours.getSchema());
        String key = "org.apache.spark.sql.parquet.row.metadata";
        assertEquals(theirs.getKeyValueMetaData().get(key), ours.getKeyValueMetaData().get(key));
        assertEquals(theirs.getKeyValueMetaData().keySet(), ours.getKeyValueMetaData().keySet());

        // Spark reads the same values back (in its own file order: compare by id).
        List<Row> a = new ArrayList<>(spark.read().parquet(direct.toString()).collectAsList());
        List<Row> b = spark.read().parquet(bySpark).collectAsList();
        a.sort(Comparator.comparing(r -> r.getString(0)));
        assertEquals(spark.read().parquet(bySpark).schema(), spark.read().parquet(direct.toString()).schema());
        assertEquals(5, a.size());
        assertEquals(b.size(), a.size());
        List<Row> sorted = new ArrayList<>(b);
        sorted.sort(Comparator.comparing(r -> r.getString(0)));
        for (int i = 0; i < a.size(); i++) {
            Row x = a.get(i);
            Row y = sorted.get(i);
            assertEquals("train/s" + i, x.getString(0));
            for (int c = 0; c < 4; c++) {
                assertEquals(y.get(c), x.get(c), "column " + c + " of row " + i);
            }
            assertArrayEquals((byte[]) y.get(4), (byte[]) x.get(4));
            assertEquals(y.getBoolean(5), x.getBoolean(5));
            assertArrayEquals((byte[]) y.get(6), (byte[]) x.get(6));
        }
        assertNull(a.get(2).get(6), "an absent modality is a null pixel column");
    }

    @Test
    void aFailedAttemptLeavesNothingAndARetryRewritesTheSameNames() throws IOException {
        Path dir = tmp.resolve("retry");
        Files.createDirectories(dir);
        List<LoadedSample> samples = samples();
        try (ShardFileWriter failed = writer(dir, "attempt-1")) {
            for (LoadedSample s : samples.subList(0, 3)) {
                failed.write(ShardSchema.toInternalRow(s));
            }
            // the task dies here: no commit
        }
        assertEquals(List.of(), files(dir), "an attempt without commit removes its hidden files");
        for (String attempt : List.of("attempt-2", "attempt-3")) { // attempt 3: a retry of a committed task
            try (ShardFileWriter w = writer(dir, attempt)) {
                for (LoadedSample s : samples) {
                    w.write(ShardSchema.toInternalRow(s));
                }
                w.commit();
            }
        }
        assertEquals(3, files(dir).size(), files(dir).toString());
        assertEquals(5, spark.read().parquet(dir.toString()).count());
    }

    @Test
    void shardFilesAreChecksummedInLargeChunksUnlessTheJobSaysOtherwise() throws IOException {
        Path dir = tmp.resolve("checksums");
        Files.createDirectories(dir);
        write(dir, new Configuration());
        Path file = dir.resolve("part-00003-run-c000.snappy.parquet");
        assertEquals(64 * 1024, checksumChunk(dir, file), "the sidecar's chunk size");
        byte[] stored = Files.readAllBytes(file);
        try (InputStream in = localFs().open(new org.apache.hadoop.fs.Path(file.toUri()))) {
            assertArrayEquals(stored, in.readAllBytes(), "read back through the checksum layer");
        }
        // Every byte is still covered: one flipped byte fails the read.
        stored[stored.length / 2] ^= 1;
        Files.write(file, stored);
        try (InputStream in = localFs().open(new org.apache.hadoop.fs.Path(file.toUri()))) {
            assertThrows(ChecksumException.class, in::readAllBytes);
        }

        Path chosen = tmp.resolve("checksums-512");
        Files.createDirectories(chosen);
        Configuration job = new Configuration();
        job.setInt(LocalFileSystemConfigKeys.LOCAL_FS_BYTES_PER_CHECKSUM_KEY, 512); // what hadoop.conf would set
        write(chosen, job);
        assertEquals(512, checksumChunk(chosen, chosen.resolve("part-00003-run-c000.snappy.parquet")));
    }

    private static void write(Path dir, Configuration job) throws IOException {
        try (ShardFileWriter w = writer(dir, "attempt-1", job)) {
            for (LoadedSample s : samples()) {
                w.write(ShardSchema.toInternalRow(s));
            }
            w.commit();
        }
    }

    /** Bytes per checksum in a file's CRC sidecar: after the magic "crc\0", a big-endian int. */
    private static int checksumChunk(Path dir, Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(
                dir.resolve("." + file.getFileName() + ".crc")))) {
            byte[] magic = new byte[4];
            in.readFully(magic);
            assertArrayEquals(new byte[] {'c', 'r', 'c', 0}, magic);
            return in.readInt();
        }
    }

    private static FileMetaData footer(Path file) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            return r.getFooter().getFileMetaData();
        }
    }
}
