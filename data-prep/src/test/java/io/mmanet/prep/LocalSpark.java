package io.mmanet.prep;

import org.apache.spark.sql.SparkSession;

/** A small local[2] Spark session for tests (UI off, few shuffle partitions). */
public final class LocalSpark {

    private LocalSpark() {
    }

    public static SparkSession start(String appName) {
        return SparkSession.builder()
                .master("local[2]")
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
    }
}
