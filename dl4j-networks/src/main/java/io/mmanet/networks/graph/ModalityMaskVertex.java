package io.mmanet.networks.graph;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Applies one modality's presence to its encoder output (spec 1.2, decision 2): inputs are the
 * encoder output [N, C, H, W] and the [N, M] mask; the output is the encoder output times
 * mask[:, modalityIndex], so an absent modality contributes exact zeros to the fusion.
 */
public class ModalityMaskVertex extends BroadcastScaleVertex {
    private static final long serialVersionUID = 1L;

    private int modalityIndex;

    /** For JSON. */
    public ModalityMaskVertex() {
    }

    public ModalityMaskVertex(int modalityIndex) {
        this.modalityIndex = modalityIndex;
    }

    public int getModalityIndex() {
        return modalityIndex;
    }

    @Override
    public ModalityMaskVertex clone() {
        return new ModalityMaskVertex(modalityIndex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModalityMaskVertex v && v.modalityIndex == modalityIndex;
    }

    @Override
    public int hashCode() {
        return 7919 + modalityIndex;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new BroadcastScaleVertexImpl(graph, name, idx, modalityIndex, networkDatatype);
    }

    @Override
    public String toString() {
        return "ModalityMaskVertex(" + modalityIndex + ")";
    }
}
