package io.mmanet.compat;

import org.junit.jupiter.api.Test;
import org.nd4j.common.loader.LocalFileSourceFactory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class MaskSafeMultiDataSetLoaderTest {

    private static File saveWithOneNullLabelMask(Path dir) throws Exception {
        INDArray f = Nd4j.rand(4, 3);
        INDArray l0 = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}});
        INDArray l1 = l0.dup();
        INDArray mask1 = Nd4j.createFromArray(new float[][] {{1, 1}, {0, 0}, {1, 1}, {0, 0}});
        MultiDataSet mds = new MultiDataSet(new INDArray[] {f}, new INDArray[] {l0, l1}, null,
                new INDArray[] {null, mask1});
        File file = dir.resolve("batch.mds").toFile();
        mds.save(file); // on this thread: the ThreadLocal placeholder now exists here only
        return file;
    }

    /** Runs {@code task} on a fresh thread, as dl4j-spark's prefetch thread or another executor would. */
    private static <T> T onFreshThread(java.util.concurrent.Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> error = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(task.call());
            } catch (Exception e) {
                error.set(e);
            }
        });
        t.start();
        t.join();
        if (error.get() != null) {
            throw error.get();
        }
        return result.get();
    }

    @Test
    void upstreamLoadOnAnotherThreadTurnsANullMaskIntoAPlaceholderArray() throws Exception {
        File file = saveWithOneNullLabelMask(Files.createTempDirectory("mds-bug"));
        INDArray[] masks = onFreshThread(() -> {
            MultiDataSet loaded = new MultiDataSet();
            loaded.load(file);
            return loaded.getLabelsMaskArrays();
        });
        // The upstream bug: the null mask of output 0 is back as the 1-element array [-1].
        assertNotNull(masks[0], "upstream fixed: MultiDataSet.load restores null masks; delete the workaround");
        assertEquals(1, masks[0].length());
        assertEquals(-1.0, masks[0].getDouble(0));
    }

    @Test
    void maskSafeLoaderRestoresNullMasksAndKeepsRealOnes() throws Exception {
        File file = saveWithOneNullLabelMask(Files.createTempDirectory("mds-fix"));
        org.nd4j.linalg.dataset.api.MultiDataSet loaded = onFreshThread(() ->
                new MaskSafeMultiDataSetLoader().load(new LocalFileSourceFactory().getSource(file.getPath())));
        assertNull(loaded.getLabelsMaskArrays()[0]);
        assertArrayEquals(new float[] {1, 1, 0, 0, 1, 1, 0, 0},
                loaded.getLabelsMaskArrays()[1].dup().data().asFloat());
        assertNull(loaded.getFeaturesMaskArrays());
        assertEquals(4, loaded.getFeatures(0).size(0));
    }
}
