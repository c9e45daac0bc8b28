package io.mmanet.prep.shard;

import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.ingest.LoadedSample;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

import java.util.ArrayList;
import java.util.List;

/**
 * The shard format, its one owner (prep writes it; train, eval and MAR mining read it through
 * here): {@code <data>/shards/<split>/part-*.parquet} next to {@code manifest.json}, with columns
 * {@code id} string, {@code split} string, {@code label} int, then per modality
 * {@code <m>_present} boolean and {@code <m>} binary (uint8 H*W*C, row-major HWC; null when absent);
 * a segmentation corpus' shards end with {@code label_image} binary (uint8 H*W class indices or the
 * ignore value, row-major, at the stored size; their {@code label} is -1). Classification shards do
 * not have that column, so they are the same files as before segmentation existed.
 */
public final class ShardSchema {

    public static final String ID = "id";
    public static final String SPLIT = "split";
    public static final String LABEL = "label";
    /** Segmentation: the per-pixel class indices (uint8 H*W). */
    public static final String LABEL_IMAGE = "label_image";
    /** Folder of the shards, next to the manifest. */
    public static final String SHARDS_DIR = "shards";
    private static final String PRESENT_SUFFIX = "_present";

    private ShardSchema() {
    }

    /** Column telling whether modality {@code modality} is present in a row. */
    public static String presentColumn(String modality) {
        return modality + PRESENT_SUFFIX;
    }

    /** Column holding modality {@code modality}'s H*W*C uint8 pixels. */
    public static String pixelColumn(String modality) {
        return modality;
    }

    /** True if {@code column} would clash with a shard column that is not a modality's pixels. */
    public static boolean isReservedName(String column) {
        return column.equals(ID) || column.equals(SPLIT) || column.equals(LABEL) || column.equals(LABEL_IMAGE)
                || column.endsWith(PRESENT_SUFFIX);
    }

    /** Where split {@code split} of the prepared data {@code dataUri} lies. */
    public static String splitUri(String dataUri, String split) {
        return dataUri.replaceAll("/+$", "") + "/" + SHARDS_DIR + "/" + split;
    }

    /** The columns of a classification corpus' shards. */
    public static StructType of(List<Modality> modalities) {
        return of(modalities, false);
    }

    /** @param labelImages a segmentation corpus: rows carry a {@link #LABEL_IMAGE} */
    public static StructType of(List<Modality> modalities, boolean labelImages) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(ID, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(SPLIT, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(LABEL, DataTypes.IntegerType, false));
        for (Modality m : modalities) {
            fields.add(DataTypes.createStructField(presentColumn(m.name()), DataTypes.BooleanType, false));
            fields.add(DataTypes.createStructField(pixelColumn(m.name()), DataTypes.BinaryType, true));
        }
        if (labelImages) {
            // Nullable so that a reader's schema can name it for shards that predate it.
            fields.add(DataTypes.createStructField(LABEL_IMAGE, DataTypes.BinaryType, true));
        }
        return DataTypes.createStructType(fields);
    }

    /**
     * A sample as a row of {@link #of}'s columns in Spark's internal form, which the shard writer
     * hands to Parquet as is: strings as UTF8String, pixels as the same byte array (not copied).
     * A sample with a label image fills {@code of(modalities, true)}'s last column.
     */
    public static InternalRow toInternalRow(LoadedSample s) {
        int m = s.pixels().length;
        boolean labelImage = s.labelImage() != null;
        Object[] values = new Object[3 + 2 * m + (labelImage ? 1 : 0)];
        values[0] = UTF8String.fromString(s.row().id());
        values[1] = UTF8String.fromString(s.row().split());
        values[2] = s.row().label();
        for (int i = 0; i < m; i++) {
            values[3 + 2 * i] = s.present(i);
            values[4 + 2 * i] = s.pixels()[i];
        }
        if (labelImage) {
            values[3 + 2 * m] = s.labelImage();
        }
        return new GenericInternalRow(values);
    }
}
