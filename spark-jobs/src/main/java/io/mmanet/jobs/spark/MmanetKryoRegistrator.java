package io.mmanet.jobs.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import io.mmanet.compat.BulkNdArraySerializer;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Registers every class mmanet ships through Spark, so Kryo can run with
 * {@code spark.kryo.registrationRequired=true}: nothing unregistered is ever deserialized.
 *
 * <p>ND4J arrays use {@link BulkNdArraySerializer}, which copies their bytes in bulk (nd4j-kryo's
 * {@code Nd4jSerializer} writes element by element; its registrator is also missing from
 * nd4j-kryo_2.12:1.0.0-M2, see FEASIBILITY.md section 5). DL4J network configurations are large
 * object graphs of many classes; they travel with Java serialization inside Kryo (they are
 * Serializable and sent once per averaging round, so speed does not matter there).
 * Other modules add classes through {@link KryoClasses} service entries.
 */
public final class MmanetKryoRegistrator implements KryoRegistrator {

    /** Backend array classes; whichever is on the classpath gets registered. */
    private static final String[] ND4J_ARRAY_CLASSES = {
            "org.nd4j.linalg.cpu.nativecpu.NDArray",
            "org.nd4j.linalg.jcublas.JCublasNDArray",
    };

    /** Classes written with Kryo's field serializer (plain data). */
    private static final String[] FIELD_CLASSES = {
            "org.nd4j.linalg.dataset.MultiDataSet",
            "org.nd4j.linalg.dataset.DataSet",
            "org.nd4j.linalg.api.ndarray.INDArray[]",
            "org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult",
            "org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingAggregationTuple",
            "org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats",
            "org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingMasterStats",
            "org.deeplearning4j.spark.stats.BaseEventStats",
            "org.deeplearning4j.spark.stats.ExampleCountEventStats",
            "org.deeplearning4j.spark.api.stats.CommonSparkTrainingStats",
            "org.deeplearning4j.spark.api.worker.NetBroadcastTuple",
            "java.util.concurrent.atomic.AtomicInteger",
            "java.util.ArrayList",
            "java.util.LinkedHashMap",
            "java.util.HashMap",
            "java.util.Collections$EmptyList",
            "java.util.Collections$SingletonList",
            "int[]",
            "long[]",
            "double[]",
            "float[]",
            "boolean[]",
            "java.lang.Object[]",
            "java.lang.String[]",
    };

    /** Serializable classes whose object graphs are too large to register class by class. */
    private static final String[] JAVA_SERIALIZED_CLASSES = {
            "org.datavec.spark.util.SerializableHadoopConfig",
            "org.deeplearning4j.nn.conf.ComputationGraphConfiguration",
            "org.deeplearning4j.nn.conf.MultiLayerConfiguration",
            "org.deeplearning4j.api.storage.impl.RemoteUIStatsStorageRouter",
    };

    @Override
    public void registerClasses(Kryo kryo) {
        // Runs in every executor JVM before the first broadcast (the network) is read: the point where
        // the CPU fast path must be switched on there too (executors are not the driver's JVM).
        io.mmanet.compat.FastCpuPath.install();
        kryo.addDefaultSerializer(INDArray.class, BulkNdArraySerializer.class);
        for (String name : ND4J_ARRAY_CLASSES) {
            Class<?> c = load(name);
            if (c != null) {
                kryo.register(c, new BulkNdArraySerializer());
            }
        }
        for (String name : FIELD_CLASSES) {
            Class<?> c = load(name);
            if (c != null) {
                kryo.register(c);
            }
        }
        for (String name : JAVA_SERIALIZED_CLASSES) {
            Class<?> c = load(name);
            if (c != null) {
                kryo.register(c, new JavaSerializer());
            }
        }
        for (KryoClasses extra : ServiceLoader.load(KryoClasses.class, MmanetKryoRegistrator.class.getClassLoader())) {
            for (Class<?> c : extra.fieldSerialized()) {
                kryo.register(c);
            }
            for (Class<?> c : extra.javaSerialized()) {
                kryo.register(c, new JavaSerializer());
            }
        }
    }

    /** Every class name this registrator handles, for tests and diagnostics. */
    public static List<String> registeredNames() {
        List<String> all = new ArrayList<>(List.of(ND4J_ARRAY_CLASSES));
        all.addAll(List.of(FIELD_CLASSES));
        all.addAll(List.of(JAVA_SERIALIZED_CLASSES));
        return all;
    }

    private static Class<?> load(String name) {
        try {
            if (name.endsWith("[]")) {
                String element = name.substring(0, name.length() - 2);
                Class<?> e = switch (element) {
                    case "int" -> int.class;
                    case "long" -> long.class;
                    case "double" -> double.class;
                    case "float" -> float.class;
                    case "boolean" -> boolean.class;
                    case "byte" -> byte.class;
                    default -> Class.forName(element, false, MmanetKryoRegistrator.class.getClassLoader());
                };
                return java.lang.reflect.Array.newInstance(e, 0).getClass();
            }
            return Class.forName(name, false, MmanetKryoRegistrator.class.getClassLoader());
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return null;
        }
    }
}
