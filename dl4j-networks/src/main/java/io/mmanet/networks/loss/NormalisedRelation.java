package io.mmanet.networks.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The row-normalised Gram matrix of a batch of features with its backward pass, in plain ND4J
 * (spec 2.1 steps 1-3; {@link RelationLosses} builds the same in SameDiff):
 * {@code G = F F^T, r_i = sqrt(sum_j G_ij^2 + eps), Ghat = G / r}.
 */
final class NormalisedRelation {
    final INDArray features;
    final INDArray rowNorm;
    final INDArray normalised;

    NormalisedRelation(INDArray features) {
        this.features = features;
        INDArray gram = features.mmul(features.transpose());
        this.rowNorm = Transforms.sqrt(gram.mul(gram).sum(true, 1).addi(RelationLosses.NORM_EPS), false);
        this.normalised = gram.diviColumnVector(rowNorm);
    }

    /**
     * dL/dF given A = dL/dGhat: dL/dG = (A - Ghat * rowsum(A . Ghat)) / r, then dL/dF = (B + B^T) F.
     */
    INDArray backward(INDArray dNormalised) {
        INDArray along = dNormalised.mul(normalised).sum(true, 1);
        INDArray dGram = dNormalised.sub(normalised.mulColumnVector(along)).diviColumnVector(rowNorm);
        return dGram.add(dGram.transpose()).mmul(features);
    }
}
