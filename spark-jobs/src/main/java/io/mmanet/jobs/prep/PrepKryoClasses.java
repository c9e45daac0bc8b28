package io.mmanet.jobs.prep;

import io.mmanet.jobs.spark.KryoClasses;
import io.mmanet.prep.shard.PrepJob;

import java.util.ArrayList;
import java.util.List;

/**
 * Kryo registrations for the prep job: data-prep's shipped classes (it cannot see
 * {@link KryoClasses}, so it lists them in {@link PrepJob#SHIPPED_CLASSES}) and the Spark SQL
 * write-path classes that registrationRequired=true would otherwise reject.
 */
public final class PrepKryoClasses implements KryoClasses {

    @Override
    public List<Class<?>> fieldSerialized() {
        List<Class<?>> classes = new ArrayList<>(PrepJob.SHIPPED_CLASSES);
        return classes;
    }
}
