package io.mmanet.jobs.diagnostics;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TeacherConfidenceTest {

    @Test
    void entropyHistogramAccuracyAndConfidentlyWrongOnKnownDistributions() {
        TeacherConfidence c = new TeacherConfidence(2, 4, 0.9);
        c.add(new double[] {1.0, 0.0}, 0);   // certain, right: entropy 0
        c.add(new double[] {0.5, 0.5}, 1);   // uniform: entropy ln 2 (last bin); argmax 0, wrong, not confident
        c.add(new double[] {0.95, 0.05}, 1); // confidently wrong
        c.add(new double[] {0.2, 0.8}, 1);   // right
        assertEquals(4, c.total());
        assertEquals(0.5, c.accuracy(), 1e-12);
        assertEquals(0.25, c.confidentlyWrongFraction(), 1e-12);
        double h95 = -(0.95 * Math.log(0.95) + 0.05 * Math.log(0.05));
        double h8 = -(0.8 * Math.log(0.8) + 0.2 * Math.log(0.2));
        assertEquals((0 + Math.log(2) + h95 + h8) / 4, c.meanEntropy(), 1e-12);
        assertEquals((h95 + h8) / 2, c.medianEntropy(), 1e-12);
        double[] edges = c.edges();
        assertEquals(5, edges.length);
        assertEquals(Math.log(2), edges[4], 1e-12);
        long[] expected = new long[4];
        for (double h : new double[] {0, Math.log(2), h95, h8}) {
            expected[Math.min(3, (int) (h / Math.log(2) * 4))]++;
        }
        assertArrayEquals(expected, c.counts());
    }

    @Test
    void perPixelOutputsCountLabelledPixelsOnly() {
        // Two samples, 2 classes, 1x2 pixels: [n, K, H, W]; the second pixel of sample 1 is ignored (-1).
        TeacherConfidence c = new TeacherConfidence(2, 2, 0.9);
        var p = Nd4j.create(new float[] {0.9f, 0.1f, 0.1f, 0.9f, 0.6f, 0.3f, 0.4f, 0.7f}, new long[] {2, 2, 1, 2});
        c.add(p, new int[] {0, 1, 1, -1});
        // Pixels in sample, row, column order: (0.9, 0.1)->0 right, (0.1, 0.9)->1 right, (0.6, 0.4)->label 1 wrong.
        assertEquals(3, c.total());
        assertEquals(2.0 / 3, c.accuracy(), 1e-6);
        assertEquals(0, c.confidentlyWrongFraction(), 1e-12);
    }
}
