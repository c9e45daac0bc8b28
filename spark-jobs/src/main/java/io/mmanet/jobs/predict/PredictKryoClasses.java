package io.mmanet.jobs.predict;

import io.mmanet.jobs.spark.KryoClasses;

import java.util.List;

/**
 * The predictions' {@code probabilities} column is an array: Spark SQL ships the Parquet schema
 * to executors through Kryo, and Spark registers StructType and the primitive types but not
 * {@code ArrayType}. Registered here so reading or writing predictions works with
 * {@code spark.kryo.registrationRequired=true}.
 */
public final class PredictKryoClasses implements KryoClasses {

    @Override
    public List<Class<?>> fieldSerialized() {
        return List.of(org.apache.spark.sql.types.ArrayType.class);
    }
}
