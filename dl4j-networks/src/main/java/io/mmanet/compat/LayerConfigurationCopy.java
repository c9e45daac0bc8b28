package io.mmanet.compat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Copies a built DL4J layer configuration into our subclass of it. DL4J's configuration classes
 * are made by their builders only (the constructors from a builder are not reachable), so our
 * subclasses ({@link TwoPassBatchNormalization}, {@link LoopMaxPooling}) take every field over.
 */
final class LayerConfigurationCopy {
    private LayerConfigurationCopy() {
    }

    /** Every instance field declared by {@code dl4jClass} and its superclasses, from built into target. */
    static <T> T copy(Object built, T target, Class<?> dl4jClass) {
        try {
            for (Class<?> c = dl4jClass; c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        f.set(target, f.get(built));
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot copy DL4J's " + dl4jClass.getSimpleName() + " configuration", e);
        }
        return target;
    }
}
