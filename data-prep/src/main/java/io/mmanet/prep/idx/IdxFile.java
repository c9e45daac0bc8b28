package io.mmanet.prep.idx;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An IDX file (the MNIST / Fashion-MNIST format): big-endian magic {@code 0x0000 08 nd} (unsigned
 * bytes, nd dimensions), nd int32 sizes, then the data. Plain or gzip-compressed.
 */
public final class IdxFile {

    private final int[] dims;
    private final byte[] data;

    private IdxFile(int[] dims, byte[] data) {
        this.dims = dims;
        this.data = data;
    }

    /** Reads at most {@code limit} items (first dimension); 0 = all. */
    public static IdxFile read(Path file, int limit) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream in = new DataInputStream(file.toString().endsWith(".gz")
                     ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            if ((magic >>> 8) != 0x08) {
                throw new IOException(file + ": not an unsigned-byte IDX file (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int nd = magic & 0xFF;
            if (nd < 1 || nd > 4) {
                throw new IOException(file + ": " + nd + " dimensions is not a supported IDX file");
            }
            int[] dims = new int[nd];
            long itemSize = 1;
            for (int i = 0; i < nd; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new IOException(file + ": negative dimension " + dims[i]);
                }
                if (i > 0) {
                    itemSize *= dims[i];
                }
            }
            if (limit > 0 && dims[0] > limit) {
                dims[0] = limit;
            }
            long total = itemSize * dims[0];
            if (total > Integer.MAX_VALUE - 16) {
                throw new IOException(file + ": too large to read into memory");
            }
            byte[] data = new byte[(int) total];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                throw new IOException(file + ": truncated (header promises " + total + " data bytes)", e);
            }
            return new IdxFile(dims, data);
        }
    }

    public int count() {
        return dims[0];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Item {@code i} as unsigned values (a label) or row-major bytes (an image). */
    public int label(int i) {
        return data[i] & 0xFF;
    }

    public byte[] item(int i) {
        int size = data.length / dims[0];
        byte[] out = new byte[size];
        System.arraycopy(data, i * size, out, 0, size);
        return out;
    }
}
