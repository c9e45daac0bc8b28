package io.mmanet.methods.dmrnet;

import io.mmanet.networks.graph.PairVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Objects;

/**
 * DMRNet's probabilistic embedding sample (spec 7.1): inputs mu and log sigma^2 of the same shape;
 * in training z = mu + eps * exp(0.5 * logvar) with eps ~ N(0, 1) per element, in inference z = mu.
 * The inference branch is what the exported deployment network computes, so evaluation and export
 * need nothing DMRNet-specific.
 *
 * <p>Where eps comes from under parameter averaging: each worker draws it in its own forward pass
 * from an ND4J generator seeded with the network seed and sampled values of the step's mu, i.e. a
 * deterministic function of the parameters and the minibatch. eps is not a parameter (averaging
 * never sees it), needs no extra graph input (the exported network stays method-agnostic), and a
 * resumed run draws exactly the eps of an uninterrupted one, like every other random choice of a
 * run (seed and epoch). With {@code noiseSeed} set, every forward pass draws the same eps
 * (gradient checks: perturbing a parameter must not change the noise).
 */
public class ReparameterizationVertex extends PairVertex {
    private static final long serialVersionUID = 1L;

    private Long noiseSeed;

    /** eps from the worker's ND4J generator (training). */
    public ReparameterizationVertex() {
    }

    /** The same eps at every forward pass (gradient checks); null: the ND4J generator. */
    public ReparameterizationVertex(Long noiseSeed) {
        this.noiseSeed = noiseSeed;
    }

    public Long getNoiseSeed() {
        return noiseSeed;
    }

    @Override
    public ReparameterizationVertex clone() {
        return new ReparameterizationVertex(noiseSeed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReparameterizationVertex v && Objects.equals(v.noiseSeed, noiseSeed);
    }

    @Override
    public int hashCode() {
        return 4241 + Objects.hashCode(noiseSeed);
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new ReparameterizationVertexImpl(graph, name, idx, noiseSeed, networkDatatype);
    }

    @Override
    public String toString() {
        return "ReparameterizationVertex(" + (noiseSeed == null ? "random" : "seed " + noiseSeed) + ")";
    }
}
