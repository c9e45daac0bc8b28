package io.mmanet.jobs.prep;

import io.mmanet.jobs.spark.KryoClasses;
import io.mmanet.prep.shard.PrepJob;

import java.util.List;

/**
 * Kryo registrations for the prep job: data-prep cannot see {@link KryoClasses}, so it lists the
 * classes it ships through Spark in {@link PrepJob#SHIPPED_CLASSES} (its write job's tasks, each a
 * slice of source rows; PrepCommandTest runs it with registrationRequired=true).
 */
public final class PrepKryoClasses implements KryoClasses {

    @Override
    public List<Class<?>> fieldSerialized() {
        return PrepJob.SHIPPED_CLASSES;
    }
}
