package io.mmanet.prep.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hadoop's local file system, for real on a temp folder: a plain {@code open} of a file without a
 * {@code .crc} sidecar throws (and swallows) a FileNotFoundException looking for one, which
 * {@link CorpusFileOpener} avoids while reading the same bytes; with a sidecar it still verifies.
 */
class CorpusFileOpenerTest {

    /** The raw local file system, counting the FileNotFoundExceptions its stat throws. */
    static final class CountingRawLocalFileSystem extends RawLocalFileSystem {
        int notFound;

        @Override
        public FileStatus getFileStatus(Path f) throws IOException {
            try {
                return super.getFileStatus(f);
            } catch (FileNotFoundException e) {
                notFound++;
                throw e;
            }
        }
    }

    @TempDir
    java.nio.file.Path tmp;
    CountingRawLocalFileSystem raw;
    LocalFileSystem fs;

    @BeforeEach
    void open() throws IOException {
        raw = new CountingRawLocalFileSystem();
        fs = new LocalFileSystem(raw);
        fs.initialize(URI.create("file:///"), new Configuration());
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Path written(String name, byte[] data) throws IOException {
        java.nio.file.Path file = tmp.resolve(name);
        Files.write(file, data); // as any corpus not written through Hadoop: no sidecar
        return new Path(file.toUri());
    }

    @Test
    void upstreamOpenWithoutSidecarThrowsWhereOursDoesNot() throws IOException {
        byte[] data = bytes(70_000, 1);
        Path path = written("a.png", data);

        try (InputStream in = fs.open(path)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(1, raw.notFound, "Hadoop's LocalFileSystem.open looks for .a.png.crc and catches the miss");

        raw.notFound = 0;
        try (InputStream in = CorpusFileOpener.open(fs, path)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(0, raw.notFound, "no sidecar lookup through Hadoop, no exception");
    }

    @Test
    void aFileWithASidecarIsStillVerified() throws IOException {
        byte[] data = bytes(5_000, 2);
        Path path = new Path(tmp.resolve("b.png").toUri());
        try (FSDataOutputStream out = fs.create(path)) {
            out.write(data);
        }
        assertTrue(Files.exists(tmp.resolve(".b.png.crc")), "Hadoop wrote the checksum sidecar");
        try (InputStream in = CorpusFileOpener.open(fs, path)) {
            assertArrayEquals(data, in.readAllBytes());
        }

        byte[] corrupted = data.clone();
        corrupted[1234] ^= 0x40;
        Files.write(tmp.resolve("b.png"), corrupted); // plain java: the sidecar still holds the old sums
        assertThrows(ChecksumException.class, () -> {
            try (InputStream in = CorpusFileOpener.open(fs, path)) {
                in.readAllBytes();
            }
        });
    }

    @Test
    void aMissingFileIsFileNotFound() {
        Path path = new Path(tmp.resolve("absent.png").toUri());
        assertThrows(FileNotFoundException.class, () -> CorpusFileOpener.open(fs, path).close());
    }
}
