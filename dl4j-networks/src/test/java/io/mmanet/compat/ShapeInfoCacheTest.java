package io.mmanet.compat;

import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ndarray.ShapeInfoProvider;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/** ND4J M2.1's CPU shape-info cache is never used by array construction; {@link ShapeInfoCache} is. */
class ShapeInfoCacheTest {

    private static final long[] SHAPE = {32, 8, 12, 12};

    @Test
    void directProviderDoesNotCacheWhatArraysAsk() throws Exception {
        Nd4j.create(1);
        ShapeInfoProvider direct = (ShapeInfoProvider) Class.forName("org.nd4j.linalg.cpu.nativecpu.DirectShapeInfoProvider")
                .getConstructor().newInstance();
        long[] stride = Nd4j.getStrides(SHAPE, 'c');
        // The method every INDArray constructor calls: a new buffer each time.
        Pair<DataBuffer, long[]> a = direct.createShapeInformation(SHAPE, stride, 1, 'c', DataType.FLOAT, false);
        Pair<DataBuffer, long[]> b = direct.createShapeInformation(SHAPE, stride, 1, 'c', DataType.FLOAT, false);
        assertNotSame(a.getFirst(), b.getFirst(), "upstream bug no longer reproduces: Direct caches the (.., empty) overload");
        // Its cached overload, which nothing on that path calls.
        var cached = direct.getClass().getMethod("createShapeInformation", long[].class, long[].class, long.class,
                char.class, DataType.class);
        assertSame(((Pair<?, ?>) cached.invoke(direct, SHAPE, stride, 1L, 'c', DataType.FLOAT)).getFirst(),
                ((Pair<?, ?>) cached.invoke(direct, SHAPE, stride, 1L, 'c', DataType.FLOAT)).getFirst());
    }

    @Test
    void cachedShapeInfoEqualsWhatNd4jBuildsAndIsReused() {
        assertTrue(ShapeInfoCache.install());
        assertTrue(ShapeInfoCache.installed());
        ShapeInfoProvider cache = Nd4j.getShapeInfoProvider();
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.INT64, DataType.BOOL}) {
            for (char order : new char[] {'c', 'f'}) {
                for (boolean empty : new boolean[] {false, true}) {
                    long[] shape = empty ? new long[] {0, 3} : SHAPE;
                    long[] stride = Nd4j.getStrides(shape, order);
                    long ews = empty ? 0 : 1;
                    long[] expected = Shape.createShapeInformation(shape, stride, ews, order, dt, empty).asLong();
                    Pair<DataBuffer, long[]> first = cache.createShapeInformation(shape, stride, ews, order, dt, empty);
                    String what = dt + " " + order + (empty ? " empty" : "");
                    assertArrayEquals(expected, first.getFirst().asLong(), what);
                    assertArrayEquals(expected, first.getSecond(), what);
                    assertSame(first.getFirst(), cache.createShapeInformation(shape, stride, ews, order, dt, empty).getFirst(), what);
                }
            }
        }
        // Arrays made through it behave: views, reshapes, arithmetic.
        INDArray x = Nd4j.linspace(1, 24, 24, DataType.FLOAT).reshape(2, 3, 4);
        INDArray y = x.permute(2, 0, 1).dup('c').reshape(4, 6);
        assertEquals(300f, y.sumNumber().floatValue(), 0f);
        assertEquals(x.getFloat(1, 2, 3), y.getFloat(3, 5), 0f);
        assertTrue(((ShapeInfoCache) cache).size() > 0);
    }
}
