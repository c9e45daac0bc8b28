package io.mmanet.networks.graph;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The inverse of {@link SelectRowsVertex}: input 0 holds the selected rows ([n, ...], in row
 * order), input 1 the [N, 1] 0/1 selection; the output is [N, ...] with each selected row back
 * in its place and zeros elsewhere, so a loss sees the full minibatch.
 */
public class RestoreRowsVertex extends PairVertex {
    private static final long serialVersionUID = 1L;

    @Override
    public RestoreRowsVertex clone() {
        return new RestoreRowsVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RestoreRowsVertex;
    }

    @Override
    public int hashCode() {
        return 104729;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new RowSelectionImpl(graph, name, idx, networkDatatype, false);
    }

    @Override
    public String toString() {
        return "RestoreRowsVertex()";
    }
}
