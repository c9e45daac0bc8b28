package io.mmanet.prep.shard;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/** Writes one split's rows as Parquet shard files with the configured codec and file size. */
final class ShardWriter {

    private final PrepSettings prep;

    ShardWriter(PrepSettings prep) {
        this.prep = prep;
    }

    void write(Dataset<Row> rows, String dir) {
        rows.write()
                .mode(SaveMode.ErrorIfExists)
                .option("compression", prep.compression())
                .option("maxRecordsPerFile", prep.maxRowsPerShard())
                // Image bytes and ids are unique per row: a dictionary only costs time and memory.
                .option("parquet.enable.dictionary", "false")
                .parquet(dir);
    }
}
