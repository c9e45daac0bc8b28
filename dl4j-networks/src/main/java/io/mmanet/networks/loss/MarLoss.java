package io.mmanet.networks.loss;

import io.mmanet.compat.PerExampleMaskedMcxent;

/**
 * Masked cross-entropy of the regularization network (spec decision 6):
 * {@code L_MAR = (lambda / B) * sum_n m_n * CE(reg_n, y_n)}, with m_n = 1 when sample n's drawn
 * combination is in the weak set W (and MAR is past warm-up). The mask m comes from the data as the
 * output's [N, C] label mask; the average is over the full batch size B, masked samples included.
 * The official code's broadcasting bug (spec 3.4) is not reproduced.
 */
public class MarLoss extends PerExampleMaskedMcxent {
    private static final long serialVersionUID = 1L;

    /** For JSON. */
    public MarLoss() {
    }

    public MarLoss(double lambda) {
        super(lambda);
    }

    @Override
    public String toString() {
        return "MarLoss(lambda=" + getScale() + ")";
    }
}
