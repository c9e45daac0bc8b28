package io.mmanet.prep.ingest;

import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.image.ImageTooLargeException;
import io.mmanet.prep.image.ImageTooSmallException;
import io.mmanet.prep.image.LabelImage;
import io.mmanet.prep.image.PixelExtractor;
import io.mmanet.prep.image.StoredImage;
import io.mmanet.prep.image.UnreadableImageException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

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

    /** What a segmentation row's label image may hold: class indices 0..classes-1 and {@code ignore}. */
    public record LabelRange(int classes, int ignore) implements java.io.Serializable {
    }

    private final FileSystem fs;
    private final Path root;
    private final List<Modality> modalities;
    private final int height;
    private final int width;
    private final int minSourceSize;
    private final long maxFileBytes;
    private final long maxSourcePixels;
    private final boolean absentFileMeansMissing;
    private final int sixteenBitMax;
    /** Null for a classification corpus. */
    private final LabelRange labels;
    /** Reused for every file this reader reads (one reader per task), grown as needed. */
    private byte[] buffer = new byte[256 * 1024];

    public SampleReader(FileSystem fs, Path root, List<Modality> modalities, int height, int width,
                        int minSourceSize, long maxFileBytes, long maxSourcePixels, boolean absentFileMeansMissing) {
        this(fs, root, modalities, height, width, minSourceSize, maxFileBytes, maxSourcePixels, absentFileMeansMissing,
                PixelExtractor.FULL_16_BIT, null);
    }

    /**
     * @param sixteenBitMax the 16-bit source value stored as 255 (prep.sixteen-bit-max)
     * @param labels        segmentation: what the label images may hold; null for classification
     */
    public SampleReader(FileSystem fs, Path root, List<Modality> modalities, int height, int width,
                        int minSourceSize, long maxFileBytes, long maxSourcePixels, boolean absentFileMeansMissing,
                        int sixteenBitMax, LabelRange labels) {
        this.sixteenBitMax = sixteenBitMax;
        this.labels = labels;
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
        int[] sourceH = new int[pixels.length];
        int[] sourceW = new int[pixels.length];
        for (int m = 0; m < pixels.length; m++) {
            String rel = row.path(m);
            if (rel == null) {
                continue;
            }
            EncodedBytes encoded;
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
            if (encoded.length() == 0) {
                return reject(row, rel, QuarantineReason.ZERO_BYTE_FILE, modalities.get(m).name() + " file is empty");
            }
            Modality spec = modalities.get(m);
            try {
                StoredImage.Stored stored = StoredImage.decode(encoded.data(), encoded.length(), spec.channels(), height,
                        width, minSourceSize, maxSourcePixels, sixteenBitMax);
                pixels[m] = stored.pixels();
                sourceH[m] = stored.sourceHeight();
                sourceW[m] = stored.sourceWidth();
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
        if (labels == null) {
            return new Outcome(new LoadedSample(row, pixels), null);
        }
        return readLabelImage(row, pixels, sourceH, sourceW);
    }

    /**
     * The row's label image, which must have the source size of every present modality image (a
     * label of pixels is only meaningful on images it is aligned with).
     */
    private Outcome readLabelImage(SourceRow row, byte[][] pixels, int[] sourceH, int[] sourceW) {
        String rel = row.labelPath();
        if (rel == null) {
            return reject(row, null, QuarantineReason.MISSING_LABEL_IMAGE, "no label image");
        }
        EncodedBytes encoded;
        try {
            encoded = readBounded(new Path(root, rel));
        } catch (FileNotFoundException e) {
            return reject(row, rel, QuarantineReason.MISSING_LABEL_IMAGE, "label image file does not exist");
        } catch (FileTooLargeException e) {
            return reject(row, rel, QuarantineReason.FILE_TOO_LARGE, "label image: " + e.getMessage());
        }
        try {
            LabelImage decoded = LabelImage.decode(encoded.data(), encoded.length(), maxSourcePixels, labels.classes(),
                    labels.ignore());
            for (int m = 0; m < pixels.length; m++) {
                if (pixels[m] != null && (decoded.height() != sourceH[m] || decoded.width() != sourceW[m])) {
                    return reject(row, rel, QuarantineReason.LABEL_SIZE_MISMATCH, "label image is " + decoded.width()
                            + "x" + decoded.height() + " but the " + modalities.get(m).name() + " image is "
                            + sourceW[m] + "x" + sourceH[m]);
                }
            }
            return new Outcome(new LoadedSample(row, pixels, decoded.resized(height, width)), null);
        } catch (UnreadableImageException e) {
            return reject(row, rel, QuarantineReason.UNREADABLE_LABEL_IMAGE, "label image: " + e.getMessage());
        } catch (ImageTooLargeException e) {
            return reject(row, rel, QuarantineReason.IMAGE_TOO_LARGE, "label image: " + e.getMessage());
        } catch (LabelImage.OutOfRangeException e) {
            return reject(row, rel, QuarantineReason.LABEL_OUT_OF_RANGE, e.getMessage());
        }
    }

    private static Outcome reject(SourceRow row, String path, QuarantineReason reason, String detail) {
        return new Outcome(null, QuarantineRecord.of(row, path, reason, detail));
    }

    private static final class FileTooLargeException extends Exception {
        FileTooLargeException(String message) {
            super(message);
        }
    }

    /** Reads the whole file into the reused buffer; one open per image (a stat is an extra RPC on HDFS/S3A). */
    private EncodedBytes readBounded(Path path) throws FileNotFoundException, FileTooLargeException {
        try (InputStream in = CorpusFileOpener.open(fs, path)) {
            int len = 0;
            while (true) {
                if (len == buffer.length) {
                    // Room for one byte past the limit, so a file of exactly the limit is accepted.
                    int grown = (int) Math.min(maxFileBytes + 1, 2L * buffer.length);
                    buffer = java.util.Arrays.copyOf(buffer, Math.max(grown, len + 1));
                }
                int n = in.read(buffer, len, buffer.length - len);
                if (n < 0) {
                    break;
                }
                len += n;
                if (len > maxFileBytes) {
                    throw new FileTooLargeException("larger than prep.max-file-bytes = " + maxFileBytes);
                }
            }
            return new EncodedBytes(buffer, len);
        } catch (FileNotFoundException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The first {@code length} bytes of {@code data} (valid until the next read). */
    private record EncodedBytes(byte[] data, int length) {
    }
}
