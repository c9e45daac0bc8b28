package io.mmanet.jobs.spark;

import java.util.List;

/**
 * Classes of ours that travel through Spark (broadcasts, task results). Implementations are
 * listed in {@code META-INF/services/io.mmanet.jobs.spark.KryoClasses} and picked up by
 * {@link MmanetKryoRegistrator}, so a new shipped class is registered where it is defined.
 */
public interface KryoClasses {
    /** Plain data classes: Kryo's field serializer. */
    List<Class<?>> fieldSerialized();

    /** Serializable classes with large or polymorphic object graphs: Java serialization. */
    default List<Class<?>> javaSerialized() {
        return List.of();
    }
}
