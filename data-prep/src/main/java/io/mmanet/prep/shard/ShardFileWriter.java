package io.mmanet.prep.shard;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystemConfigKeys;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes one task's shard rows straight to Parquet files, {@code part-<index>-<run>-c<n>.<codec>.parquet},
 * a new file every {@code prep.max-rows-per-shard} rows. It uses what Spark's own Parquet writer
 * uses ({@link ParquetOutputFormat} with Spark's {@link ParquetWriteSupport}, the same settings),
 * so the files are what {@code Dataset.write().parquet(...)} writes, without the Row conversion,
 * row copies and per-job commit of a Spark SQL write.
 *
 * <p>Files are written under hidden attempt names and renamed into place by {@link #commit()}:
 * a failed attempt leaves only hidden files (removed by {@link #abort()}), and a retried task
 * writes the same final names again (the run id and index are fixed per run).
 */
final class ShardFileWriter implements AutoCloseable {

    private static final int LOCAL_CHECKSUM_CHUNK_BYTES = 64 * 1024;

    private final Configuration conf;
    private final FileSystem fs;
    private final Path dir;
    private final String stem;
    private final String attempt;
    private final String extension;
    private final CompressionCodecName codec;
    private final int maxRows;
    private final List<Path> written = new ArrayList<>();
    private RecordWriter<Void, InternalRow> current;
    private int rowsInFile;
    private boolean committed;

    /**
     * @param parquetConf from {@link #parquetConf}
     * @param stem        {@code part-<index>-<run>}, the same for every attempt of the task
     * @param attempt     unique per attempt (names the hidden files)
     */
    ShardFileWriter(Configuration parquetConf, FileSystem fs, Path dir, String stem, String attempt, PrepSettings prep) {
        this.conf = parquetConf;
        this.fs = fs;
        this.dir = dir;
        this.stem = stem;
        this.attempt = attempt;
        this.codec = codec(prep.compression());
        this.extension = codec.getExtension() + ".parquet";
        this.maxRows = prep.maxRowsPerShard();
    }

    /** A copy of {@code base} with the settings Spark's Parquet data source sets before a write. */
    static Configuration parquetConf(Configuration base, StructType schema, PrepSettings prep) {
        Configuration c = new Configuration(base);
        ParquetWriteSupport.setSchema(schema, c);
        c.set(ParquetOutputFormat.WRITE_SUPPORT_CLASS, ParquetWriteSupport.class.getName());
        c.set("spark.sql.parquet.writeLegacyFormat", "false");
        c.set("spark.sql.parquet.outputTimestampType", "INT96");
        c.set("spark.sql.parquet.fieldId.write.enabled", "true");
        // Image bytes and ids are unique per row: a dictionary only costs time and memory.
        c.setBoolean(ParquetOutputFormat.ENABLE_DICTIONARY, false);
        // A writer buffers a whole row group in memory: small groups are flushed early, so image
        // bytes do not survive (and get copied by) many young GCs.
        c.setLong(ParquetOutputFormat.BLOCK_SIZE, prep.rowGroupBytes());
        // Parquet 1.13 copies every compressed page into a new array to compute its CRC (29% of the
        // writer's allocation, ~10% of its CPU, measured). Readers do not verify page CRCs by
        // default, and the file system checksums the bytes it stores (HDFS blocks, local .crc).
        c.setBoolean(ParquetOutputFormat.PAGE_WRITE_CHECKSUM_ENABLED, false);
        largeLocalChecksumChunks(c);
        return c;
    }

    /**
     * Hadoop's local file system ({@code file:}) keeps a CRC sidecar with one checksum per
     * {@code file.bytes-per-checksum} bytes, 512 by default: writing shard files in 512-byte
     * chunks took about a third of the writer's CPU (docs/benchmarks.md, issue 15, twelfth pass).
     * With 64 KiB chunks every byte is still checksummed and verified on read (a reader takes the
     * chunk size from the sidecar's header). A value the job's Hadoop configuration sets
     * ({@code hadoop.conf}) is kept. The chunk size is read when a file system instance is created,
     * so the shard files get an instance of their own rather than the JVM's cached one.
     */
    private static void largeLocalChecksumChunks(Configuration c) {
        String key = LocalFileSystemConfigKeys.LOCAL_FS_BYTES_PER_CHECKSUM_KEY;
        String[] sources = c.getPropertySources(key);
        boolean chosen = sources != null && !(sources.length == 1 && sources[0].equals("core-default.xml"));
        if (!chosen) {
            c.setInt(key, LOCAL_CHECKSUM_CHUNK_BYTES);
        }
        c.setBoolean("fs.file.impl.disable.cache", true);
    }

    /** prep.compression's values as Parquet codecs (Spark's names: none = uncompressed). */
    static CompressionCodecName codec(String compression) {
        return compression.equals("none") ? CompressionCodecName.UNCOMPRESSED
                : CompressionCodecName.valueOf(compression.toUpperCase(Locale.ROOT));
    }

    void write(InternalRow row) {
        try {
            if (current == null || rowsInFile == maxRows) {
                closeCurrent();
                Path file = hidden(written.size());
                current = new ParquetOutputFormat<InternalRow>().getRecordWriter(conf, file, codec);
                written.add(file);
                rowsInFile = 0;
            }
            current.write(null, row);
            rowsInFile++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a shard file in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a shard file in " + dir, e);
        }
    }

    /** Closes the last file and renames this attempt's files to their final names. */
    void commit() {
        try {
            closeCurrent();
            for (int i = 0; i < written.size(); i++) {
                Path target = new Path(dir, String.format(Locale.ROOT, "%s-c%03d%s", stem, i, extension));
                // A retry of a task whose earlier attempt got this far replaces that attempt's file.
                fs.delete(target, false);
                if (!fs.rename(written.get(i), target)) {
                    throw new IOException("rename " + written.get(i) + " -> " + target + " returned false");
                }
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit shard files in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing a shard file in " + dir, e);
        }
    }

    /** Without a commit: best-effort removal of this attempt's hidden files. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            closeCurrent();
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // The failure that stopped the task is the one worth reporting.
        }
        for (Path p : written) {
            try {
                fs.delete(p, false);
            } catch (IOException | RuntimeException ignored) {
                // as above
            }
        }
    }

    private void closeCurrent() throws IOException, InterruptedException {
        if (current != null) {
            RecordWriter<Void, InternalRow> w = current;
            current = null;
            w.close(null);
        }
    }

    private Path hidden(int file) {
        return new Path(dir, String.format(Locale.ROOT, ".%s-c%03d.%s.tmp", stem, file, attempt));
    }
}
