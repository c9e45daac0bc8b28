package io.mmanet.compat;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The upstream print {@link SameDiffGradientChatter} hides, reproduced; and that the filter hides only it. */
class SameDiffGradientChatterTest {

    /** Differentiates a two-op SameDiff loss with System.out set to {@code out}. */
    private static void differentiateWithStandardOut(PrintStream out) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.rand(DataType.FLOAT, 2, 3));
        SDVariable loss = x.mul(2.0).sum();
        loss.markAsLoss();
        PrintStream saved = System.out;
        System.setOut(out);
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void nd4jPrintsAddedDifferentiatedOpToStandardOut() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        differentiateWithStandardOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        // The upstream bug: when this fails, ND4J stopped printing and the class can go.
        assertTrue(printed.contains(SameDiffGradientChatter.PREFIX), "ND4J printed: " + printed);
    }

    @Test
    void theFilterDropsThoseLinesAndKeepsOthers() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream filtered = new SameDiffGradientChatter.Filter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        differentiateWithStandardOut(filtered);
        filtered.println("epoch 1 done");
        filtered.println("Added differentiated op x");
        filtered.println((String) null);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(printed.contains(SameDiffGradientChatter.PREFIX), printed);
        assertEquals("epoch 1 done" + System.lineSeparator() + "null" + System.lineSeparator(), printed);
    }
}
