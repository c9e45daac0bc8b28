package io.mmanet.jobs.input;

import io.mmanet.prep.shard.ShardSchema;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes shard rows (data-prep layout: {@code id}, {@code label}, per modality m
 * {@code <m>_present} and {@code <m>} = uint8 HWC bytes) into normalised CHW floats of the
 * network's input size. Normalisation is the spec's fixed (x - 127.5) / 128 for every channel
 * (MMANET_SPEC.md decision 8): it needs no statistics, so a model card's normalisation is
 * reproducible by any client. A segmentation corpus' label image ({@code label_image}) is read and
 * warped with the modalities (see {@link #withLabelImages}).
 */
public final class SampleDecoder implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final float MEAN = 127.5f;
    public static final float STD = 128f;

    private final String[] modalities;
    private final int[] channels;
    private final int srcH;
    private final int srcW;
    private final int outH;
    private final int outW;
    /** Segmentation: the ignore value of label pixels; -1 = a classification corpus (no label images). */
    private final int ignoreLabel;

    public SampleDecoder(List<String> modalities, int[] channels, int srcH, int srcW, int outH, int outW) {
        if (modalities.size() != channels.length) {
            throw new IllegalArgumentException("modalities " + modalities + " vs channels " + Arrays.toString(channels));
        }
        this.modalities = modalities.toArray(new String[0]);
        this.channels = channels.clone();
        this.srcH = srcH;
        this.srcW = srcW;
        this.outH = outH;
        this.outW = outW;
        this.ignoreLabel = -1;
    }

    private SampleDecoder(SampleDecoder d, int ignoreLabel) {
        this.modalities = d.modalities;
        this.channels = d.channels;
        this.srcH = d.srcH;
        this.srcW = d.srcW;
        this.outH = d.outH;
        this.outW = d.outW;
        this.ignoreLabel = ignoreLabel;
    }

    /**
     * The same decoder for a segmentation corpus: rows carry a label image, which {@link #decode}
     * warps with the modalities (nearest neighbour, {@code ignoreLabel} outside the source image).
     */
    public SampleDecoder withLabelImages(int ignoreLabel) {
        if (ignoreLabel < 0 || ignoreLabel > 255) {
            throw new IllegalArgumentException("ignore label " + ignoreLabel + " is not a uint8 value");
        }
        return new SampleDecoder(this, ignoreLabel);
    }

    /** True when rows carry label images (a segmentation corpus). */
    public boolean labelImages() {
        return ignoreLabel >= 0;
    }

    /** The label value of pixels without a class (segmentation), or -1. */
    public int ignoreLabel() {
        return ignoreLabel;
    }

    public int numModalities() {
        return modalities.length;
    }

    public int outH() {
        return outH;
    }

    public int outW() {
        return outW;
    }

    public int channels(int m) {
        return channels[m];
    }

    /** What a row has, without decoding: bit m set when modality m is present. */
    public int presentBits(Row row) {
        int bits = 0;
        for (int m = 0; m < modalities.length; m++) {
            if (row.getBoolean(row.fieldIndex(ShardSchema.presentColumn(modalities[m])))) {
                bits |= 1 << m;
            }
        }
        return bits;
    }

    public RawSample raw(Row row) {
        byte[][] px = new byte[modalities.length][];
        for (int m = 0; m < modalities.length; m++) {
            String name = modalities[m];
            if (row.getBoolean(row.fieldIndex(ShardSchema.presentColumn(name)))) {
                px[m] = (byte[]) row.get(row.fieldIndex(ShardSchema.pixelColumn(name)));
            }
        }
        byte[] labelImage = labelImages() ? (byte[]) row.get(row.fieldIndex(ShardSchema.LABEL_IMAGE)) : null;
        if (labelImages() && labelImage == null) {
            throw new IllegalArgumentException("sample " + row.getString(row.fieldIndex(ShardSchema.ID))
                    + " has no " + ShardSchema.LABEL_IMAGE + " (prep quarantines such rows: are these shards of a "
                    + "segmentation corpus?)");
        }
        return new RawSample(row.getString(row.fieldIndex(ShardSchema.ID)), row.getInt(row.fieldIndex(ShardSchema.LABEL)), px,
                labelImage);
    }

    public DecodedSample decode(RawSample raw, GeometricTransform t) {
        float[][] out = new float[modalities.length][];
        for (int m = 0; m < modalities.length; m++) {
            if (raw.pixels()[m] != null) {
                float[] mean = new float[channels[m]];
                float[] std = new float[channels[m]];
                Arrays.fill(mean, MEAN);
                Arrays.fill(std, STD);
                try {
                    out[m] = t.apply(raw.pixels()[m], srcH, srcW, channels[m], mean, std);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("sample " + raw.id() + ", modality " + modalities[m] + ": "
                            + e.getMessage(), e);
                }
            }
        }
        int[] labels = null;
        if (labelImages() && raw.labelImage() != null) {
            try {
                labels = t.applyToLabels(raw.labelImage(), srcH, srcW, ignoreLabel);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sample " + raw.id() + ": " + e.getMessage(), e);
            }
        }
        return new DecodedSample(raw.id(), raw.label(), out, labels);
    }
}
