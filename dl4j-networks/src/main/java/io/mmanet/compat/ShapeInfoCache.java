package io.mmanet.compat;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.BaseShapeInfoProvider;
import org.nd4j.linalg.api.ndarray.ShapeInfoProvider;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.api.shape.options.ArrayType;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caches ND4J shape-info buffers again. ND4J M2.1's CPU {@code DirectShapeInfoProvider} caches them,
 * but only in an overload ({@code ..., DataType)}) that array construction no longer calls: every new
 * INDArray goes through the interface's {@code (..., DataType, boolean empty)} method, which it does
 * not override, so each array allocates a fresh native shape buffer, two JavaCPP pointers and their
 * deallocators (about a sixth of the demo model's training step in the JFR profile,
 * docs/benchmarks.md). This provider answers that method from a cache keyed like Direct's
 * (shape, stride, element-wise stride, order, extras); shape buffers are constants in ND4J (never
 * written after creation), which is what made Direct's cache legal. Bounded: past
 * {@value #MAX_ENTRIES} distinct shapes it stops adding. Installed on the CPU backend only.
 * Tested by {@code ShapeInfoCacheTest}.
 */
public final class ShapeInfoCache extends BaseShapeInfoProvider {

    static final int MAX_ENTRIES = 20_000;

    private final ConcurrentHashMap<LongShapeDescriptor, Pair<DataBuffer, long[]>> cache = new ConcurrentHashMap<>();

    private ShapeInfoCache() {
    }

    /** Replaces the CPU backend's shape-info provider by this cache, once per JVM; returns whether it is installed. */
    public static synchronized boolean install() {
        ShapeInfoProvider current = Nd4j.getShapeInfoProvider();
        if (current instanceof ShapeInfoCache) {
            return true;
        }
        if (current == null || !current.getClass().getName().equals("org.nd4j.linalg.cpu.nativecpu.DirectShapeInfoProvider")) {
            return false;
        }
        try {
            Field f = Nd4j.class.getDeclaredField("shapeInfoProvider");
            f.setAccessible(true);
            f.set(null, new ShapeInfoCache());
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    public static boolean installed() {
        return Nd4j.getShapeInfoProvider() instanceof ShapeInfoCache;
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride, long elementWiseStride,
                                                         char order, DataType dataType, boolean empty) {
        long extras = ArrayOptionsHelper.setOptionBit(0L, dataType);
        if (empty) {
            extras = ArrayOptionsHelper.setOptionBit(extras, ArrayType.EMPTY);
        }
        return createShapeInformation(shape, stride, elementWiseStride, order, extras);
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride, long elementWiseStride,
                                                         char order, long extras) {
        long ews = Math.max(0, elementWiseStride); // as DirectShapeInfoProvider does
        LongShapeDescriptor key = new LongShapeDescriptor(shape, stride, 0, ews, order, extras);
        Pair<DataBuffer, long[]> hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        Pair<DataBuffer, long[]> made = super.createShapeInformation(shape, stride, ews, order, extras);
        if (cache.size() < MAX_ENTRIES) {
            Pair<DataBuffer, long[]> raced = cache.putIfAbsent(key, made);
            return raced != null ? raced : made;
        }
        return made;
    }

    @Override
    public void purgeCache() {
        cache.clear();
    }

    int size() {
        return cache.size();
    }
}
