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
                // A writer buffers a whole row group in memory: small groups are flushed early, so
                // image bytes do not survive (and get copied by) many young GCs.
                .option("parquet.block.size", Long.toString(prep.rowGroupBytes()))
                .parquet(dir);
    }
}
