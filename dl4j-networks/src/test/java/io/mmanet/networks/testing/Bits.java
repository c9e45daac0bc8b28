package io.mmanet.networks.testing;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bit-exact comparison of arrays (INDArray.equals has a tolerance). */
public final class Bits {

    private Bits() {
    }

    public static long[] bits(INDArray a) {
        INDArray c = a.dup('c');
        if (c.dataType() == DataType.DOUBLE) {
            return Arrays.stream(c.data().asDouble()).mapToLong(Double::doubleToRawLongBits).toArray();
        }
        float[] f = c.data().asFloat();
        long[] r = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            r[i] = Float.floatToRawIntBits(f[i]);
        }
        return r;
    }

    public static void assertBitIdentical(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertEquals(expected.dataType(), actual.dataType(), what + ": data type");
        assertArrayEquals(bits(expected), bits(actual), what + ": not bit-identical");
    }
}
