package io.mmanet.compat;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.nd4j.kryo.Nd4jSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Kryo serializer for ND4J arrays that copies the data in bulk.
 *
 * <p>Upstream behaviour (nd4j-kryo_2.12 1.0.0-M2, {@code Nd4jSerializer}): it wraps Kryo's stream
 * in an unbuffered {@code DataOutputStream} and calls {@code Nd4j.write}, which writes every
 * element with {@code writeInt}/{@code writeLong} (four or eight single-byte writes), and reads it
 * back the same way with one {@code put} per element. Every averaging round moves the parameters
 * and the updater state through it four times (broadcast out, results back, both ways through
 * serialisation); for the paper's 13 M parameters that was most of a 2.8 s round in Spark
 * local[2] (JFR: {@code DataOutputStream.writeInt}, {@code Input.optional},
 * {@code BaseDataBuffer.put} on top of 70% of all samples).
 *
 * <p>This one writes a small header (data type, shape) and the native bytes in chunks, and reads
 * them straight into a new array's memory. Empty arrays are written as their type and shape
 * (upstream writes them but fails to read them back); the rare arrays it does not copy in bulk
 * (string, compressed, over 2 GB) go to {@code Nd4jSerializer} after a marker byte. The bytes are the JVM's native order, which is written too; a
 * reader of the other order refuses them with a clear error (clusters of mixed endianness do not
 * run ND4J natives).
 */
public final class BulkNdArraySerializer extends Serializer<INDArray> {
    private static final byte BULK = 1;
    private static final byte DELEGATED = 2;
    private static final byte EMPTY = 3;
    private static final int CHUNK = 1 << 16;
    private static final byte NATIVE_ORDER = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? (byte) 'L' : (byte) 'B';

    private final Nd4jSerializer fallback = new Nd4jSerializer();

    @Override
    public void write(Kryo kryo, Output output, INDArray array) {
        if (array.isEmpty()) { // upstream writes these but cannot read them back (EOFException)
            output.writeByte(EMPTY);
            output.writeString(array.dataType().name());
            writeShape(output, array.shape());
            return;
        }
        if (!bulk(array)) {
            output.writeByte(DELEGATED);
            fallback.write(kryo, output, array);
            return;
        }
        INDArray dense = denseC(array);
        output.writeByte(BULK);
        output.writeByte(NATIVE_ORDER);
        output.writeString(dense.dataType().name());
        writeShape(output, dense.shape());
        ByteBuffer bytes = nativeBytes(dense);
        byte[] chunk = new byte[Math.min(CHUNK, Math.max(1, bytes.remaining()))];
        while (bytes.hasRemaining()) {
            int n = Math.min(chunk.length, bytes.remaining());
            bytes.get(chunk, 0, n);
            output.writeBytes(chunk, 0, n);
        }
    }

    @Override
    public INDArray read(Kryo kryo, Input input, Class<INDArray> type) {
        byte kind = input.readByte();
        if (kind == DELEGATED) {
            return fallback.read(kryo, input, type);
        }
        if (kind == EMPTY) {
            DataType dataType = DataType.valueOf(input.readString());
            long[] shape = readShape(input);
            return shape.length == 0 ? Nd4j.empty(dataType) : Nd4j.create(dataType, shape);
        }
        if (kind != BULK) {
            throw new KryoException("not an ND4J array written by " + getClass().getSimpleName() + " (marker " + kind + ")");
        }
        byte order = input.readByte();
        if (order != NATIVE_ORDER) {
            throw new KryoException("ND4J array written with byte order " + (char) order + " on another JVM; this JVM is "
                    + ByteOrder.nativeOrder() + " (mixed-endian clusters are not supported)");
        }
        DataType dataType = DataType.valueOf(input.readString());
        long[] shape = readShape(input);
        INDArray array = Nd4j.createUninitializedDetached(dataType, 'c', shape);
        ByteBuffer bytes = nativeBytes(array);
        byte[] chunk = new byte[Math.min(CHUNK, Math.max(1, bytes.remaining()))];
        while (bytes.hasRemaining()) {
            int n = Math.min(chunk.length, bytes.remaining());
            input.readBytes(chunk, 0, n);
            bytes.put(chunk, 0, n);
        }
        return array;
    }

    private static void writeShape(Output output, long[] shape) {
        output.writeVarInt(shape.length, true);
        for (long d : shape) {
            output.writeVarLong(d, true);
        }
    }

    private static long[] readShape(Input input) {
        long[] shape = new long[input.readVarInt(true)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = input.readVarLong(true);
        }
        return shape;
    }

    /** Whether the array's elements can be copied as one block of native memory. */
    private static boolean bulk(INDArray array) {
        if (array.isCompressed() || !array.dataType().isNumerical() && array.dataType() != DataType.BOOL) {
            return false;
        }
        return array.length() * array.dataType().width() <= Integer.MAX_VALUE;
    }

    /** The array itself when its elements fill its buffer in C order from the start, else a C-order copy. */
    private static INDArray denseC(INDArray array) {
        boolean dense = array.ordering() == 'c' && array.offset() == 0 && array.data().length() == array.length()
                && Shape.hasDefaultStridesForShape(array);
        return dense ? array : array.dup('c');
    }

    /** The array's elements as bytes, positioned at the first and limited after the last. */
    private static ByteBuffer nativeBytes(INDArray dense) {
        int size = Math.toIntExact(dense.length() * dense.dataType().width());
        ByteBuffer all = dense.data().pointer().asByteBuffer();
        if (all.capacity() < size) {
            throw new IllegalStateException("ND4J buffer of " + all.capacity() + " bytes for " + size + " bytes of elements");
        }
        ByteBuffer view = all.duplicate();
        view.position(0).limit(size);
        return view;
    }
}
