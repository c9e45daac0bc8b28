package io.mmanet.jobs.input;

import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.shard.ShardSchema;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A segmentation sample's label image follows its modalities through the same geometric transform. */
class LabelImageWarpTest {
    private static final float[] MEAN = {127.5f};
    private static final float[] STD = {128f};
    private static final int IGNORE = 255;

    /** Every pixel its own value: y * w + x. */
    private static byte[] numbered(int h, int w) {
        byte[] b = new byte[h * w];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void flipAndCropMoveLabelsExactlyWithThePixels() {
        byte[] src = numbered(6, 8);
        GeometricTransform t = GeometricTransform.of(4, 5, 6, 8, 0, 1, 2, true);
        int[] labels = t.applyToLabels(src, 6, 8, IGNORE);
        float[] image = t.apply(src, 6, 8, 1, MEAN, STD);
        for (int oy = 0; oy < 4; oy++) {
            for (int ox = 0; ox < 5; ox++) {
                int expected = (oy + 1) * 8 + (4 - ox) + 2; // crop at (1, 2) of the flipped 5-wide window
                assertEquals(expected, labels[oy * 5 + ox], "label at " + oy + "," + ox);
                assertEquals((expected - 127.5f) / 128f, image[oy * 5 + ox], 1e-6, "pixel at " + oy + "," + ox);
            }
        }
    }

    @Test
    void rotationGivesIgnoreExactlyWhereTheImageIsOutside() {
        byte[] src = new byte[8 * 8];
        java.util.Arrays.fill(src, (byte) 3);
        byte[] img = new byte[8 * 8];
        java.util.Arrays.fill(img, (byte) 200);
        GeometricTransform t = GeometricTransform.of(8, 8, 8, 8, 45, 0, 0, false);
        int[] labels = t.applyToLabels(src, 8, 8, IGNORE);
        float[] image = t.apply(img, 8, 8, 1, MEAN, STD);
        float black = -127.5f / 128f;
        int ignored = 0;
        for (int i = 0; i < labels.length; i++) {
            assertTrue(labels[i] == 3 || labels[i] == IGNORE, "only the class or ignore: " + labels[i]);
            assertEquals(labels[i] == IGNORE, image[i] == black, "pixel " + i);
            ignored += labels[i] == IGNORE ? 1 : 0;
        }
        assertEquals(IGNORE, labels[0], "a corner of a 45-degree rotation lies outside the source");
        assertEquals(3, labels[4 * 8 + 4]);
        assertTrue(ignored >= 4 && ignored < 32, "ignored " + ignored);
    }

    @Test
    void resizingLabelsIsNearestNeighbourNeverInterpolated() {
        byte[] src = {1, 2, 3, 4};
        int[] up = GeometricTransform.resize(4, 4).applyToLabels(src, 2, 2, IGNORE);
        assertArrayEquals(new int[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, up);
        int[] down = GeometricTransform.resize(2, 3).applyToLabels(numbered(4, 6), 4, 6, IGNORE);
        // Output (y, x) has its centre at source (2y + 0.5, 2x + 0.5): the pixel (2y + 1, 2x + 1).
        assertArrayEquals(new int[] {7, 9, 11, 19, 21, 23}, down);
        assertThrows(IllegalArgumentException.class, () -> GeometricTransform.resize(2, 2).applyToLabels(src, 3, 3, 0));
    }

    @Test
    void decoderCarriesTheLabelImageAndBatchesFlattenIt() {
        List<Modality> mods = List.of(new Modality("rgb", 3), new Modality("depth", 1));
        SampleDecoder classification = new SampleDecoder(List.of("rgb", "depth"), new int[] {3, 1}, 4, 4, 4, 4);
        SampleDecoder decoder = classification.withLabelImages(IGNORE);
        byte[] rgb = new byte[4 * 4 * 3];
        byte[] depth = numbered(4, 4);
        byte[] label = numbered(4, 4);
        label[0] = (byte) IGNORE;
        org.apache.spark.sql.types.StructType schema = ShardSchema.of(mods, true);
        GenericRowWithSchema row = new GenericRowWithSchema(new Object[] {"s1", "train", -1, true, rgb, true, depth, label},
                schema);
        RawSample raw = decoder.raw(row);
        assertArrayEquals(label, raw.labelImage());
        GeometricTransform flip = GeometricTransform.of(4, 4, 4, 4, 0, 0, 0, true);
        DecodedSample a = decoder.decode(raw, flip);
        assertArrayEquals(flip.applyToLabels(label, 4, 4, IGNORE), a.labelImage());
        assertEquals(3, a.labelImage()[0], "flipped: row 0 reads columns 3..0");
        assertEquals(IGNORE, a.labelImage()[3]);
        assertEquals((3 - 127.5f) / 128f, a.pixels()[1][0], 1e-6, "depth flipped the same way");
        DecodedSample b = decoder.decode(raw, GeometricTransform.resize(4, 4));
        int[] batch = PixelLabels.of(List.of(a, b));
        assertEquals(2 * 16, batch.length);
        assertEquals(IGNORE, batch[16], "sample 1 starts at N * H * W = 16");
        assertEquals(15, batch[31]);

        // A classification decoder ignores the column and leaves the label image null.
        assertNull(classification.decode(classification.raw(row), flip).labelImage());
        assertThrows(IllegalArgumentException.class, () -> PixelLabels.of(List.of(
                classification.decode(classification.raw(row), flip))));
    }
}
