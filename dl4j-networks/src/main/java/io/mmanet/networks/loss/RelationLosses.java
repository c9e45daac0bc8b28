package io.mmanet.networks.loss;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The similarity-preserving relation shared by MAD and SP (spec 2.1 steps 1-4). */
final class RelationLosses {
    /** Added under the square root of each Gram-row norm (F.normalize's eps, squared). */
    static final double NORM_EPS = 1e-24;

    private RelationLosses() {
    }

    static SDVariable columns(SDVariable input, long from, long to) {
        return input.get(SDIndex.all(), SDIndex.interval(from, to));
    }

    /** G = F F^T with each row L2-normalised: the row-normalised Gram matrix, [N, N]. */
    static SDVariable normalisedGram(SameDiff sd, SDVariable features) {
        SDVariable gram = sd.mmul(features, features, false, true, false);
        SDVariable rowNorm = sd.math.sqrt(gram.mul(gram).sum(true, 1).add(NORM_EPS));
        return gram.div(rowNorm);
    }

    /** D[i,j] = (G_s[i,j] - G_t[i,j])^2. */
    static SDVariable relationDiscrepancy(SameDiff sd, SDVariable student, SDVariable teacher) {
        SDVariable diff = normalisedGram(sd, student).sub(normalisedGram(sd, teacher));
        return diff.mul(diff);
    }
}
