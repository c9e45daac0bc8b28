package io.mmanet.networks.graph;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Applies one modality's presence to its encoder output (spec 1.2, decision 2): inputs are the
 * encoder output [N, C, H, W] and the [N, M] mask; the output is the encoder output times
 * mask[:, modalityIndex], so an absent modality contributes exact zeros to the fusion.
 */
public class ModalityMaskVertex extends GraphVertex {
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
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new BroadcastScaleVertexImpl(graph, name, idx, modalityIndex, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, ModalityMaskVertex.class, inputTypes[0], inputTypes[0])
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public String toString() {
        return "ModalityMaskVertex(" + modalityIndex + ")";
    }
}
