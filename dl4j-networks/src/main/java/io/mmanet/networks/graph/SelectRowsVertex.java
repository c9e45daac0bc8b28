package io.mmanet.networks.graph;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The rows of input 0 ([N, ...]) whose entry in input 1 (an [N, 1] 0/1 selection) is 1, in row
 * order: a smaller minibatch for a training-only network that only selected samples train
 * (the regularization network, spec decision 6); {@link RestoreRowsVertex} puts its output
 * back into the full minibatch. The gradient goes back to the selected rows; the other rows and
 * the selection get zeros.
 */
public class SelectRowsVertex extends PairVertex {
    private static final long serialVersionUID = 1L;

    @Override
    public SelectRowsVertex clone() {
        return new SelectRowsVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SelectRowsVertex;
    }

    @Override
    public int hashCode() {
        return 104723;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new RowSelectionImpl(graph, name, idx, networkDatatype, true);
    }

    @Override
    public String toString() {
        return "SelectRowsVertex()";
    }
}
