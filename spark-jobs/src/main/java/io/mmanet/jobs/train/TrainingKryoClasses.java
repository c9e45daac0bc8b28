package io.mmanet.jobs.train;

import io.mmanet.jobs.eval.GraphBroadcast;
import io.mmanet.jobs.spark.KryoClasses;
import io.mmanet.networks.metrics.ConfusionMatrix;
import org.datavec.spark.util.SerializableHadoopConfig;

import java.util.List;

/** Classes that training, mining and evaluation ship through Spark (Kryo registration required). */
public final class TrainingKryoClasses implements KryoClasses {
    @Override
    public List<Class<?>> fieldSerialized() {
        return List.of(ConfusionMatrix.class, ConfusionMatrix[].class, ConfusionMatrix[][].class,
                GraphBroadcast.class);
    }

    @Override
    public List<Class<?>> javaSerialized() {
        // dl4j-spark broadcasts the Hadoop configuration for fitPaths; it serialises itself.
        return List.of(SerializableHadoopConfig.class);
    }
}
