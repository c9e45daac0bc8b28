package io.mmanet.networks.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** mIoU, pixel accuracy and per-class IoU against a hand-computed confusion matrix with an absent class. */
class SegmentationMetricsTest {

    private static void add(ConfusionMatrix cm, int truth, int predicted, long times) {
        for (long i = 0; i < times; i++) {
            cm.add(truth, predicted);
        }
    }

    @Test
    void meanIouCountsAnAbsentClassAsZero() {
        // Rows = truth, columns = prediction; class 3 is neither labelled nor predicted.
        //        p0  p1  p2  p3
        //  t0 [  50,  5,  5,  0 ]
        //  t1 [  10, 20,  0,  0 ]
        //  t2 [   0, 10, 30,  0 ]
        //  t3 [   0,  0,  0,  0 ]
        ConfusionMatrix cm = new ConfusionMatrix(4);
        add(cm, 0, 0, 50);
        add(cm, 0, 1, 5);
        add(cm, 0, 2, 5);
        add(cm, 1, 0, 10);
        add(cm, 1, 1, 20);
        add(cm, 2, 1, 10);
        add(cm, 2, 2, 30);
        // IoU0 = 50 / (60 + 60 - 50) = 50/70; IoU1 = 20 / (30 + 35 - 20) = 20/45;
        // IoU2 = 30 / (40 + 35 - 30) = 30/45; IoU3: union 0 -> 0, still in the mean (spec 4.3).
        double[] expected = {50.0 / 70, 20.0 / 45, 30.0 / 45, 0.0};
        SegmentationMetrics m = SegmentationMetrics.of("rgb+depth", cm);
        assertArrayEquals(expected, m.perClassIou(), 1e-15);
        assertEquals((50.0 / 70 + 20.0 / 45 + 30.0 / 45 + 0.0) / 4, m.meanIou(), 1e-15);
        assertEquals(130, m.pixels());
        assertEquals(100.0 / 130, m.pixelAccuracy(), 1e-15);
    }

    @Test
    void countsArePixelsInLongs() {
        ConfusionMatrix a = new ConfusionMatrix(2);
        ConfusionMatrix b = new ConfusionMatrix(2);
        a.add(0, 0);
        b.add(1, 1);
        b.add(1, 0);
        SegmentationMetrics m = SegmentationMetrics.of("depth", a.merge(b));
        assertEquals(3, m.pixels());
        assertEquals((1.0 / 2 + 1.0 / 2) / 2, m.meanIou(), 1e-15);
        assertTrue(Double.isNaN(SegmentationMetrics.of("rgb", new ConfusionMatrix(2)).pixelAccuracy()));
        assertEquals(0.0, SegmentationMetrics.of("rgb", new ConfusionMatrix(2)).meanIou());
    }
}
