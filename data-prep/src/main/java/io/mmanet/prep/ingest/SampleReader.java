package io.mmanet.prep.ingest;

import io.mmanet.prep.image.ImageTooLargeException;
import io.mmanet.prep.image.ImageTooSmallException;
import io.mmanet.prep.image.StoredImage;
import io.mmanet.prep.image.UnreadableImageException;
import io.mmanet.prep.modality.ModalitySpec;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Reads one row's images through the Hadoop FileSystem API (executor side) and turns them into
 * stored pixels, or says why the row goes to quarantine. The first bad image decides the reason.
 */
public final class SampleReader {

    /** What reading a row gave: exactly one of the two is set. */
    public record Outcome(LoadedSample sample, QuarantineRecord problem) {
    }

    private final FileSystem fs;
    private final Path root;
    private final List<ModalitySpec> modalities;
    private final int height;
    private final int width;
    private final int minSourceSize;
    private final long maxFileBytes;
    private final long maxSourcePixels;
    private final boolean absentFileMeansMissing;

    public SampleReader(FileSystem fs, Path root, List<ModalitySpec> modalities, int height, int width,
                        int minSourceSize, long maxFileBytes, long maxSourcePixels, boolean absentFileMeansMissing) {
        this.fs = fs;
        this.root = root;
        this.modalities = modalities;
        this.height = height;
        this.width = width;
        this.minSourceSize = minSourceSize;
        this.maxFileBytes = maxFileBytes;
        this.maxSourcePixels = maxSourcePixels;
        this.absentFileMeansMissing = absentFileMeansMissing;
    }

    public Outcome read(SourceRow row) {
        byte[][] pixels = new byte[modalities.size()][];
        boolean any = false;
        for (int m = 0; m < pixels.length; m++) {
            String rel = row.path(m);
            if (rel == null) {
                continue;
            }
            byte[] encoded;
            try {
                encoded = readBounded(new Path(root, rel));
            } catch (FileNotFoundException e) {
                if (absentFileMeansMissing) {
                    continue;
                }
                return reject(row, rel, QuarantineReason.FILE_NOT_FOUND,
                        modalities.get(m).name() + " file does not exist (corpus.absent-file-means-missing = false)");
            } catch (FileTooLargeException e) {
                return reject(row, rel, QuarantineReason.FILE_TOO_LARGE, e.getMessage());
            }
            if (encoded.length == 0) {
                return reject(row, rel, QuarantineReason.ZERO_BYTE_FILE, modalities.get(m).name() + " file is empty");
            }
            ModalitySpec spec = modalities.get(m);
            try {
                pixels[m] = StoredImage.fromEncoded(encoded, spec.channels(), height, width, minSourceSize,
                        maxSourcePixels);
            } catch (UnreadableImageException e) {
                return reject(row, rel, QuarantineReason.UNREADABLE_IMAGE, spec.name() + ": " + e.getMessage());
            } catch (ImageTooSmallException e) {
                return reject(row, rel, QuarantineReason.IMAGE_TOO_SMALL, spec.name() + ": " + e.getMessage());
            } catch (ImageTooLargeException e) {
                return reject(row, rel, QuarantineReason.IMAGE_TOO_LARGE, spec.name() + ": " + e.getMessage());
            }
            any = true;
        }
        if (!any) {
            return reject(row, null, QuarantineReason.NO_MODALITY, "no listed image file exists");
        }
        return new Outcome(new LoadedSample(row, pixels), null);
    }

    private static Outcome reject(SourceRow row, String path, QuarantineReason reason, String detail) {
        return new Outcome(null, QuarantineRecord.of(row, path, reason, detail));
    }

    private static final class FileTooLargeException extends Exception {
        FileTooLargeException(String message) {
            super(message);
        }
    }

    /** Reads the whole file; one open per image (no separate stat call: it is an RPC on HDFS/S3A). */
    private byte[] readBounded(Path path) throws FileNotFoundException, FileTooLargeException {
        try (InputStream in = fs.open(path)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxFileBytes) {
                    throw new FileTooLargeException("larger than prep.max-file-bytes = " + maxFileBytes);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (FileNotFoundException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
