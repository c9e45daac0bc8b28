package io.mmanet.compat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BulkMultiDataSetReaderTest {

    private static byte[] saved(MultiDataSet mds) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mds.save(out);
        return out.toByteArray();
    }

    private static MultiDataSet upstream(byte[] file) throws IOException {
        MultiDataSet m = new MultiDataSet();
        m.load(new ByteArrayInputStream(file));
        return m;
    }

    /** A batch as the trainer exports it: image inputs, a combination mask input, labels, one real label mask. */
    private static MultiDataSet batch() {
        Nd4j.getRandom().setSeed(7);
        INDArray rgb = Nd4j.rand(DataType.FLOAT, 4, 3, 6, 5);
        INDArray depth = Nd4j.rand(DataType.FLOAT, 4, 1, 6, 5).permute(0, 1, 3, 2); // a view, saved as a copy
        INDArray combination = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 1}, {1, 0}});
        INDArray labels = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}});
        INDArray fOrder = Nd4j.rand(DataType.FLOAT, 'f', 4, 7);
        INDArray mask = Nd4j.createFromArray(new float[][] {{1, 1}, {0, 0}, {1, 1}, {0, 0}});
        return new MultiDataSet(new INDArray[] {rgb, depth, combination}, new INDArray[] {labels, fOrder, labels.dup()},
                null, new INDArray[] {null, mask, null});
    }

    private static void assertSameArrays(INDArray[] expected, INDArray[] actual) {
        if (expected == null) {
            assertNull(actual);
            return;
        }
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == null) {
                assertNull(actual[i]);
                continue;
            }
            assertArrayEquals(expected[i].shape(), actual[i].shape());
            assertArrayEquals(expected[i].stride(), actual[i].stride());
            assertEquals(expected[i].ordering(), actual[i].ordering());
            assertEquals(expected[i].dataType(), actual[i].dataType());
            assertArrayEquals(expected[i].dup().data().asFloat(), actual[i].dup().data().asFloat(), 0f);
        }
    }

    /** Counts single-byte reads. */
    private static final class CountingStream extends FilterInputStream {
        long singleByteReads;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            singleByteReads++;
            return super.read();
        }
    }

    @Test
    void upstreamReadsEveryElementOnItsOwn() throws IOException {
        INDArray a = Nd4j.rand(DataType.FLOAT, 50, 40);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Nd4j.write(a, new DataOutputStream(out));
        CountingStream in = new CountingStream(new ByteArrayInputStream(out.toByteArray()));
        INDArray back = Nd4j.read(new DataInputStream(in));
        assertEquals(a, back);
        // Four single-byte reads per float (DataInputStream.readFloat): what a worker pays per batch element.
        assertTrue(in.singleByteReads >= 4 * a.length(), "upstream fixed: Nd4j.read reads in bulk ("
                + in.singleByteReads + " single-byte reads for " + a.length() + " floats); delete the workaround");
    }

    @Test
    void readsWhatUpstreamReadsBitForBit() throws IOException {
        MultiDataSet original = batch();
        byte[] file = saved(original);
        MultiDataSet expected = upstream(file);
        MultiDataSet bulk = BulkMultiDataSetReader.read(file);
        assertNotNull(bulk, "the layout ND4J writes today is read in bulk");
        assertSameArrays(expected.getFeatures(), bulk.getFeatures());
        assertSameArrays(expected.getLabels(), bulk.getLabels());
        // Upstream turns this thread's null masks into null and keeps the [-1] placeholders elsewhere;
        // MaskSafeMultiDataSetLoader.restoreNullMasks gives null for both, on any thread.
        MaskSafeMultiDataSetLoader.restoreNullMasks(expected);
        MaskSafeMultiDataSetLoader.restoreNullMasks(bulk);
        assertSameArrays(expected.getFeaturesMaskArrays(), bulk.getFeaturesMaskArrays());
        assertSameArrays(expected.getLabelsMaskArrays(), bulk.getLabelsMaskArrays());
        assertSameArrays(original.getLabelsMaskArrays(), bulk.getLabelsMaskArrays());
    }

    @Test
    void leavesOtherLayoutsToUpstream() throws IOException {
        MultiDataSet withMetadata = batch();
        withMetadata.setExampleMetaData(List.<Serializable>of("a", "b", "c", "d"));
        byte[] file = saved(withMetadata);
        assertNull(BulkMultiDataSetReader.read(file), "example metadata is Java-serialized: upstream reads it");
        assertEquals(4, upstream(file).getExampleMetaData().size());

        MultiDataSet doubles = new MultiDataSet(Nd4j.rand(DataType.DOUBLE, 3, 2), Nd4j.rand(DataType.DOUBLE, 3, 2));
        assertNull(BulkMultiDataSetReader.read(saved(doubles)), "only FLOAT data is read in bulk");

        assertNull(BulkMultiDataSetReader.read(new byte[] {0, 0, 0, 1, 0}), "a truncated file");
    }

    @Test
    void theLoaderFallsBackToUpstreamForOtherLayouts() throws IOException {
        MultiDataSet doubles = new MultiDataSet(Nd4j.rand(DataType.DOUBLE, 3, 2), Nd4j.rand(DataType.DOUBLE, 3, 2));
        byte[] file = saved(doubles);
        org.nd4j.linalg.dataset.api.MultiDataSet loaded = new MaskSafeMultiDataSetLoader().load(
                new org.nd4j.common.loader.Source() {
                    @Override
                    public InputStream getInputStream() {
                        return new ByteArrayInputStream(file);
                    }

                    @Override
                    public String getPath() {
                        return "in-memory";
                    }
                });
        assertEquals(doubles.getFeatures(0), loaded.getFeatures(0));
        assertEquals(doubles.getLabels(0), loaded.getLabels(0));
    }
}
