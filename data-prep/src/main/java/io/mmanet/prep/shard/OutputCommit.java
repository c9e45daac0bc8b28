package io.mmanet.prep.shard;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Write-then-commit for a prep output: everything goes to a hidden sibling directory, and only a
 * complete run (manifest written last) is renamed to the output path. A failed run leaves no
 * manifest at the output, and never touches an existing output unless overwrite was asked.
 * (The rename is atomic on HDFS and local disks; on S3A it is a copy, still done only at the end.)
 */
public final class OutputCommit {

    private final FileSystem fs;
    private final Path out;
    private final Path staging;
    private final boolean overwrite;

    private OutputCommit(FileSystem fs, Path out, Path staging, boolean overwrite) {
        this.fs = fs;
        this.out = out;
        this.staging = staging;
        this.overwrite = overwrite;
    }

    public static OutputCommit begin(String outUri, boolean overwrite, Configuration conf) {
        Path out = new Path(outUri);
        try {
            FileSystem fs = out.getFileSystem(conf);
            out = fs.makeQualified(out);
            checkTarget(fs, out, overwrite);
            Path parent = out.getParent();
            if (parent == null) {
                throw new IllegalArgumentException("--out " + outUri + ": the root of a file system cannot be an output");
            }
            Path staging = new Path(parent, "." + out.getName() + ".prep-" + UUID.randomUUID());
            if (!fs.mkdirs(staging)) {
                throw new IOException("mkdirs returned false");
            }
            return new OutputCommit(fs, out, staging, overwrite);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare output " + outUri + ": " + e.getMessage(), e);
        }
    }

    private static void checkTarget(FileSystem fs, Path out, boolean overwrite) throws IOException {
        if (!fs.exists(out) || overwrite) {
            return;
        }
        FileStatus st = fs.getFileStatus(out);
        if (st.isDirectory() && fs.listStatus(out).length == 0) {
            return;
        }
        throw new OutputExistsException(out + " already exists" + (st.isDirectory() ? " and is not empty" : "")
                + "; choose another --out or pass --overwrite (prep.overwrite = true) to replace it");
    }

    /** Where this run writes; becomes the output on {@link #commit()}. */
    public Path staging() {
        return staging;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    public Path output() {
        return out;
    }

    public void commit() {
        try {
            checkTarget(fs, out, overwrite);
            if (fs.exists(out) && !fs.delete(out, true)) {
                throw new IOException("could not delete the previous output " + out);
            }
            if (!fs.rename(staging, out)) {
                throw new IOException("rename " + staging + " -> " + out + " returned false");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the prep output: " + e.getMessage()
                    + " (the complete result is in " + staging + ")", e);
        }
    }

    /** Best-effort removal of the staging directory after a failure. */
    public void abort() {
        try {
            fs.delete(staging, true);
        } catch (IOException | RuntimeException ignored) {
            // The failure that made us abort is the one worth reporting.
        }
    }
}
