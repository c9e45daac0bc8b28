package io.mmanet.compat;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the file {@code org.nd4j.linalg.dataset.MultiDataSet#save} writes, array data in bulk.
 *
 * <p>Upstream behaviour (ND4J 1.0.0-M2.1, {@code MultiDataSet.load} through {@code Nd4j.read} and
 * {@code BaseDataBuffer.read}): every element is read on its own, four synchronized
 * {@code BufferedInputStream.read()} calls and a boxed {@code put} per float, and every Spark
 * worker loads its round's batch files that way. Here the file is one byte array and each array's
 * data goes into its buffer with one bulk copy: a 112x112 batch of 64 (16 MB) 56-82 ms -> 21-39 ms,
 * a demo batch 2.2-2.8 ms -> 1.7-2.5 ms (docs/benchmarks.md, eighth pass).
 *
 * <p>Only the layout that ND4J writes today is read here (current allocation modes, a LONG shape
 * buffer, FLOAT data, no example metadata); for anything else {@link #read} returns null and the
 * caller loads the bytes with ND4J's own code, so older or unusual files still load as before.
 */
final class BulkMultiDataSetReader {
    private BulkMultiDataSetReader() {
    }

    /** The data set in {@code file}, or null when the file holds something only ND4J's reader handles. */
    static org.nd4j.linalg.dataset.MultiDataSet read(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file); // big-endian, as DataOutputStream writes
        try {
            int[] counts = {b.getInt(), b.getInt(), b.getInt(), b.getInt()};
            INDArray[][] parts = new INDArray[4][];
            for (int p = 0; p < 4; p++) {
                if (counts[p] < 0) {
                    return null;
                }
                if (counts[p] == 0) {
                    continue; // upstream leaves an absent part null
                }
                parts[p] = new INDArray[counts[p]];
                for (int i = 0; i < counts[p]; i++) {
                    parts[p][i] = array(b);
                    if (parts[p][i] == null) {
                        return null;
                    }
                }
            }
            // Then, only when the data set has example metadata, a flag and the Java-serialized list.
            if (b.hasRemaining() && (b.remaining() != 4 || b.getInt() != 0)) {
                return null; // example metadata or other trailing bytes: upstream's reader
            }
            return new org.nd4j.linalg.dataset.MultiDataSet(parts[0], parts[1], parts[2], parts[3]);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return null; // not this layout: upstream's reader says what is wrong with it
        }
    }

    /** One {@code Nd4j.write} record: the shape information buffer, then the data buffer. */
    private static INDArray array(ByteBuffer b) {
        long shapeLength = header(b, "LONG");
        if (shapeLength < 0 || shapeLength > 64) {
            return null;
        }
        long[] shapeInfo = new long[(int) shapeLength];
        b.asLongBuffer().get(shapeInfo);
        b.position(b.position() + 8 * shapeInfo.length);
        long length = header(b, "FLOAT");
        if (length < 0 || length > b.remaining() / 4) {
            return null;
        }
        float[] values = new float[(int) length];
        b.asFloatBuffer().get(values);
        b.position(b.position() + 4 * values.length);
        DataBuffer data = Nd4j.createBufferDetached(values);
        return Nd4j.createArrayFromShapeBuffer(data, Nd4j.createBufferDetached(shapeInfo));
    }

    /**
     * {@code BaseDataBuffer.write}'s header: allocation mode, length, data type. Returns the
     * length, or -1 for a legacy allocation mode (an int length) or another data type.
     */
    private static long header(ByteBuffer b, String expectedType) {
        String mode = utf(b);
        if (!mode.equals("MIXED_DATA_TYPES") && !mode.equals("LONG_SHAPE")) {
            return -1;
        }
        long length = b.getLong();
        return utf(b).equals(expectedType) ? length : -1;
    }

    /** {@code DataOutputStream.writeUTF} of an ASCII name. */
    private static String utf(ByteBuffer b) {
        int n = Short.toUnsignedInt(b.getShort());
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
