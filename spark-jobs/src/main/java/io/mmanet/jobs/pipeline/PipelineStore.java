package io.mmanet.jobs.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.UUID;

/**
 * The pipeline directory through the Hadoop FileSystem API: small text files written atomically
 * (temporary file, then rename over the target), and exclusive creation for the lock.
 */
public final class PipelineStore {

    private final Path root;
    private final FileSystem fs;
    private final FileContext fc;

    public PipelineStore(String dir, Configuration hadoop) {
        try {
            Path p = new Path(dir);
            this.fs = p.getFileSystem(hadoop);
            this.root = fs.makeQualified(p);
            this.fc = FileContext.getFileContext(root.toUri(), hadoop);
            fs.mkdirs(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open pipeline directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    public Path path(String relative) {
        return new Path(root, relative);
    }

    public boolean exists(Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's text, or null when it does not exist. */
    public String readOrNull(Path p) {
        try (InputStream in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Readers see the old or the new content, never a partial file. */
    public void writeAtomically(Path p, String text) {
        Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp-" + UUID.randomUUID());
        try {
            fs.mkdirs(p.getParent());
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.hsync();
            }
            fc.rename(tmp, p, Options.Rename.OVERWRITE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the file only if it does not exist, atomically: false when it exists. Local paths use
     * the operating system's exclusive create (Hadoop's local file system checks, then creates).
     */
    public boolean createExclusive(Path p, String text) {
        try {
            fs.mkdirs(p.getParent());
            if ("file".equals(p.toUri().getScheme())) {
                try {
                    Files.writeString(Files.createFile(Paths.get(p.toUri())), text, StandardCharsets.UTF_8);
                    return true;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    return false;
                }
            }
            try (FSDataOutputStream out = fs.create(p, false)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.hsync();
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (exists(p)) {
                return false;
            }
            throw new UncheckedIOException("cannot create " + p + ": " + e.getMessage(), e);
        }
    }

    /** Renames without overwriting; false when the source is gone (someone else moved it). */
    public boolean renameIfPresent(Path from, Path to) {
        try {
            return fs.rename(from, to);
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    public FileStatus statusOrNull(Path p) {
        try {
            return fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(Path p) {
        try {
            fs.delete(p, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }

    private void deleteQuietly(Path p) {
        try {
            fs.delete(p, false);
        } catch (IOException ignored) {
            // best effort: a leftover temporary file is harmless
        }
    }
}
