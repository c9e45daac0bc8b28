package io.mmanet.prep.ingest;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens one corpus image file, once per image, on whichever Hadoop file system holds the corpus.
 *
 * <p>On the local file system ({@code file:}, Hadoop's {@link LocalFileSystem}) each plain
 * {@code open} looks for a {@code .name.crc} checksum sidecar first, and when there is none, as
 * for any corpus not written through Hadoop, it constructs, throws and catches a
 * {@code FileNotFoundException}. Inside a Spark task that exception's stack trace is deep: one per
 * image, about an eighth of the prep job's CPU in {@code bench prep} (docs/benchmarks.md, issue 15,
 * sixth pass).
 * Here a plain {@code java.io.File} check decides: no sidecar, the raw local file system opens the
 * file (what the checksum layer would read too, without verification, since there is nothing to
 * verify against); a sidecar, the checksummed open verifies it as before. Every other file system
 * (HDFS, S3A, ...) opens as it always did.
 */
public final class CorpusFileOpener {
    private CorpusFileOpener() {
    }

    /** Opens {@code path}; a file that does not exist gives {@link java.io.FileNotFoundException}. */
    public static InputStream open(FileSystem fs, Path path) throws IOException {
        if (fs instanceof LocalFileSystem local && !hasChecksumSidecar(local, path)) {
            return local.getRawFileSystem().open(path);
        }
        return fs.open(path);
    }

    private static boolean hasChecksumSidecar(LocalFileSystem local, Path path) {
        File file = local.pathToFile(path);
        return new File(file.getParentFile(), "." + file.getName() + ".crc").exists();
    }
}
