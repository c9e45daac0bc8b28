package io.mmanet.jobs.testing;

import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.spark.SparkSessions;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/** One real local[2] Spark session shared by the tests of a JVM (Kryo, registration required). */
public final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    public static synchronized SparkSession session() {
        // A CLI test may stop the active session (as the CLI does at exit): then start a new one.
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSessions.getOrCreate(MmanetConfig.load(null, List.of(
                    "spark.master=\"local[2]\"", "spark.conf.\"spark.ui.enabled\"=false",
                    "spark.conf.\"spark.sql.shuffle.partitions\"=2")));
        }
        return session;
    }

    public static JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }
}
