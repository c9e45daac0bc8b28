package io.mmanet.jobs.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromotionRuleTest {

    @Test
    void lowerIsBetterNeedsAStrictImprovementOfAtLeastTheMargin() {
        PromotionRule r = new PromotionRule("acer", false, 0.01);
        assertTrue(r.decide(0.2, null).promote(), "first model");
        assertFalse(r.decide(0.2, 0.2).promote(), "equal");
        assertFalse(r.decide(0.25, 0.2).promote(), "worse");
        assertFalse(r.decide(0.195, 0.2).promote(), "below the margin");
        assertTrue(r.decide(0.18, 0.2).promote(), "beyond the margin");
        assertFalse(r.decide(Double.NaN, 0.2).promote(), "undefined candidate");
    }

    @Test
    void higherIsBetterAndAZeroMarginStillRejectsEqual() {
        PromotionRule r = new PromotionRule("accuracy", true, 0.0);
        assertFalse(r.decide(0.9, 0.9).promote());
        assertTrue(r.decide(0.9001, 0.9).promote());
        assertFalse(r.decide(0.8, 0.9).promote());
        assertTrue(r.decide(0.8, 0.9).reason().contains("accuracy 0.800000 vs current 0.900000"));
    }
}
