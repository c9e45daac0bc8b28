package io.mmanet.networks.graph;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The excitation step of a squeeze-and-excitation block (spec 1.1, official {@code SELayer}):
 * inputs are a feature map [N, C, H, W] and per-channel gates [N, C]; the output scales each
 * channel of each sample by its gate.
 */
public class ChannelScaleVertex extends BroadcastScaleVertex {
    private static final long serialVersionUID = 1L;

    @Override
    public ChannelScaleVertex clone() {
        return new ChannelScaleVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelScaleVertex;
    }

    @Override
    public int hashCode() {
        return 104729;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new BroadcastScaleVertexImpl(graph, name, idx, -1, networkDatatype);
    }

    @Override
    public String toString() {
        return "ChannelScaleVertex";
    }
}
