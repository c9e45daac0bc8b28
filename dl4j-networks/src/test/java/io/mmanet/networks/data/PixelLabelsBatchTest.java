package io.mmanet.networks.data;

import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.MethodState;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.testing.TinyNetworks;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Segmentation rows' label images ride along a minibatch without changing a classification batch. */
class PixelLabelsBatchTest {

    @Test
    void pixelLabelsAreOneImagePerSampleAndLeaveClassificationArraysAlone() {
        NetworkSpec spec = TinyNetworks.tiny(DataType.FLOAT);
        BatchAssembler a = new BatchAssembler(spec, Methods.get("sf-md"));
        float[][][] p = TinyNetworks.randomPixels(spec, 3, new Random(2));
        var drawn = a.drawCombinations(p, new Random(3));
        MethodState state = MethodState.of(false, null);
        MultiDataSet without = a.assemble(p, new int[3], drawn, state);
        MultiDataSet with = a.assemble(p, new int[3], new int[3 * 16], drawn, state);
        assertEquals(without.getLabels(0), with.getLabels(0));
        assertEquals(without.getFeatures(0), with.getFeatures(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.assemble(p, new int[3], new int[3 * 16 + 1], drawn, state));
        assertTrue(e.getMessage().contains("pixel labels"), e.getMessage());

        int[] labels = {0, 1, 2, 255};
        Minibatch batch = new Minibatch(spec, new int[1], labels, null, null, state);
        assertEquals(labels, batch.pixelLabels());
        assertEquals(null, new Minibatch(spec, new int[1], null, null, state).pixelLabels());
    }
}
