package io.mmanet.jobs.demo;

import io.mmanet.jobs.spark.KryoClasses;
import io.mmanet.prep.shard.PrepJob;

import java.util.List;

/**
 * The classes data-prep's PrepJob ships, for the demo's in-process prep. Temporary: the prep
 * command's own KryoClasses entry replaces it (registering a class twice is harmless).
 */
public final class DemoPrepKryoClasses implements KryoClasses {
    @Override
    public List<Class<?>> fieldSerialized() {
        return PrepJob.SHIPPED_CLASSES;
    }
}
