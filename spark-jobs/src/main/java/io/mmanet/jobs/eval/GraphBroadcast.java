package io.mmanet.jobs.eval;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An inference model as broadcast to executors: configuration JSON and the flat parameters.
 * Plain data for Kryo (registered by {@link io.mmanet.jobs.train.TrainingKryoClasses}).
 */
public final class GraphBroadcast {
    private String configJson;
    private INDArray params;

    @SuppressWarnings("unused")
    private GraphBroadcast() {
    }

    public GraphBroadcast(ComputationGraph graph) {
        this.configJson = graph.getConfiguration().toJson();
        this.params = graph.params().dup();
    }

    /** A fresh graph for this executor thread (graphs are not thread-safe). */
    public ComputationGraph graph() {
        ComputationGraph g = new ComputationGraph(ComputationGraphConfiguration.fromJson(configJson));
        g.init(params.dup(), false);
        return g;
    }
}
