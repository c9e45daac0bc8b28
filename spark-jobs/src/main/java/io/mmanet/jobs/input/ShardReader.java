package io.mmanet.jobs.input;

import io.mmanet.networks.combination.Modality;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * Reads data-prep's shards ({@code <out>/shards/<split>/part-*.parquet}, columns in
 * {@link io.mmanet.prep.shard.ShardSchema}) with that explicit schema: no schema-inference job, and
 * nothing of Spark SQL's type classes has to cross Kryo (registration is required).
 */
public final class ShardReader {
    private ShardReader() {
    }

    public static StructType of(List<Modality> modalities) {
        return io.mmanet.prep.shard.ShardSchema.of(modalities);
    }

    /** @param labelImages a segmentation corpus (rows carry {@code label_image}) */
    public static StructType of(List<Modality> modalities, boolean labelImages) {
        return io.mmanet.prep.shard.ShardSchema.of(modalities, labelImages);
    }

    public static String splitUri(String dataUri, String split) {
        return io.mmanet.prep.shard.ShardSchema.splitUri(dataUri, split);
    }

    public static Dataset<Row> read(SparkSession spark, CorpusInfo corpus, String split) {
        return spark.read().schema(of(corpus.modalities(), corpus.segmentation())).parquet(splitUri(corpus.uri(), split));
    }
}
