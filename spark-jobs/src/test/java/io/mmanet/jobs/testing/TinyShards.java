package io.mmanet.jobs.testing;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes tiny Parquet shards in data-prep's layout ({@code <out>/shards/<split>/part-*.parquet}:
 * id, split, label, per modality {@code <m>_present} and {@code <m>} uint8 HWC bytes).
 */
public final class TinyShards {
    private TinyShards() {
    }

    /** How a modality's pixels depend on the label. */
    public interface Painter {
        /** Pixel value (0..255) of sample {@code i} with {@code label}, at byte index {@code k}. */
        int paint(int i, int label, int k, Random rng);
    }

    public static StructType schema(List<String> modalities, int[] channels) {
        List<io.mmanet.networks.combination.Modality> list = new ArrayList<>();
        for (int m = 0; m < modalities.size(); m++) {
            list.add(new io.mmanet.networks.combination.Modality(modalities.get(m), channels[m]));
        }
        return io.mmanet.jobs.input.ShardReader.of(list);
    }

    public static void write(SparkSession spark, Path out, String split, int n, int partitions, List<String> modalities,
                             int[] channels, int h, int w, Painter[] painters, long seed) {
        Random rng = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            List<Object> v = new ArrayList<>(List.of(split + "-" + i, split, label));
            for (int m = 0; m < modalities.size(); m++) {
                byte[] px = new byte[h * w * channels[m]];
                for (int k = 0; k < px.length; k++) {
                    px[k] = (byte) Math.max(0, Math.min(255, painters[m].paint(i, label, k, rng)));
                }
                v.add(true);
                v.add(px);
            }
            rows.add(RowFactory.create(v.toArray()));
        }
        // One file per partition, written from the driver's rows (no shuffle of local rows).
        String target = out.resolve("shards").resolve(split).toUri().toString();
        int per = (n + partitions - 1) / partitions;
        for (int p = 0; p < partitions; p++) {
            List<Row> part = rows.subList(Math.min(n, p * per), Math.min(n, (p + 1) * per));
            spark.createDataFrame(part, schema(modalities, channels)).coalesce(1).write()
                    .mode(p == 0 ? SaveMode.Overwrite : SaveMode.Append).parquet(target);
        }
    }
}
