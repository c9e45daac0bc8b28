package io.mmanet.jobs.input;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The Parquet layout written by data-prep: {@code <out>/shards/<split>/part-*.parquet} with
 * {@code id}, {@code split}, {@code label}, and per modality m {@code <m>_present} and {@code <m>}
 * (uint8 HWC bytes). Shards are read with this explicit schema: no schema-inference job, and
 * nothing of Spark SQL's type classes has to cross Kryo (registration is required).
 */
public final class ShardSchema {
    private ShardSchema() {
    }

    public static StructType of(List<String> modalities) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("id", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("split", DataTypes.StringType, false));
        f.add(DataTypes.createStructField("label", DataTypes.IntegerType, false));
        for (String m : modalities) {
            f.add(DataTypes.createStructField(m + "_present", DataTypes.BooleanType, false));
            f.add(DataTypes.createStructField(m, DataTypes.BinaryType, true));
        }
        return DataTypes.createStructType(f);
    }

    public static String splitUri(String dataUri, String split) {
        return dataUri.replaceAll("/+$", "") + "/shards/" + split;
    }

    public static Dataset<Row> read(SparkSession spark, String dataUri, String split, List<String> modalities) {
        return spark.read().schema(of(modalities)).parquet(splitUri(dataUri, split));
    }
}
