package io.mmanet.compat;

import org.deeplearning4j.core.loader.MultiDataSetLoader;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.io.InputStream;

/**
 * Loads an exported {@link org.nd4j.linalg.dataset.MultiDataSet} and restores its null masks.
 *
 * <p>Upstream bug (ND4J 1.0.0-M2.1, {@code org.nd4j.linalg.dataset.MultiDataSet#save/load}; see
 * FEASIBILITY.md section 3 "Label-mask bugs"): {@code save} writes a null mask as a {@code [-1]}
 * placeholder array kept in a ThreadLocal, and {@code load} only recognises the placeholder on a
 * thread that has called {@code save} before. On any other thread (the Export approach's prefetch
 * thread, another executor) a null mask comes back as the 1-element array {@code [-1]}, and
 * training fails with "Per output masking for MCXENT + softmax: not supported" on the outputs that
 * never had a mask. A real mask is never a single {@code -1} (masks are 0/1 and have a batch
 * dimension), so mapping exactly that array back to null is safe.
 */
public final class MaskSafeMultiDataSetLoader implements MultiDataSetLoader {
    private static final long serialVersionUID = 1L;

    /** Files up to this size are read in bulk; a larger one streams through ND4J's reader (a byte array holds under 2 GB). */
    static final int BULK_LIMIT = 1 << 30;

    @Override
    public MultiDataSet load(Source source) throws IOException {
        try (InputStream in = source.getInputStream()) {
            return load(in);
        }
    }

    /**
     * One exported batch from {@code in} (left open): in bulk ({@link BulkMultiDataSetReader}), or
     * with ND4J's reader for a layout that one does not read; null masks restored.
     */
    public static MultiDataSet load(InputStream in) throws IOException {
        byte[] head = in.readNBytes(BULK_LIMIT + 1);
        org.nd4j.linalg.dataset.MultiDataSet mds = head.length <= BULK_LIMIT ? BulkMultiDataSetReader.read(head) : null;
        if (mds == null) {
            mds = new org.nd4j.linalg.dataset.MultiDataSet();
            mds.load(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), in));
        }
        return restoreNullMasks(mds);
    }

    /** Replaces the save/load placeholder by null in both mask arrays; returns the same object. */
    public static MultiDataSet restoreNullMasks(MultiDataSet mds) {
        mds.setFeaturesMaskArrays(clean(mds.getFeaturesMaskArrays()));
        mds.setLabelsMaskArray(clean(mds.getLabelsMaskArrays()));
        return mds;
    }

    private static INDArray[] clean(INDArray[] masks) {
        if (masks == null) {
            return null;
        }
        boolean any = false;
        for (int i = 0; i < masks.length; i++) {
            if (isPlaceholder(masks[i])) {
                masks[i] = null;
            }
            any |= masks[i] != null;
        }
        return any ? masks : null;
    }

    static boolean isPlaceholder(INDArray a) {
        return a != null && a.length() == 1 && a.rank() <= 1 && a.getDouble(0) == -1.0;
    }
}
