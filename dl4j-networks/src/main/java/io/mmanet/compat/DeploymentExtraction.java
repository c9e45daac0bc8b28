package io.mmanet.compat;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Extracts the sub-graph that computes the given outputs, with the same parameter values, by
 * building a fresh configuration from the needed vertices and copying parameters layer by layer.
 *
 * <p>Why not {@code TransferLearning.GraphBuilder.removeVertexAndConnections}: in DL4J 1.0.0-M2.1 a
 * removal-only transfer builds a graph whose flat parameter vector is copied from the original
 * as is, so after removing vertices the parameters land in the wrong layers and the outputs are
 * silently wrong (FEASIBILITY.md 3(e); reproduced in {@code DeploymentExtractionTest}).
 */
public final class DeploymentExtraction {

    private DeploymentExtraction() {
    }

    public static ComputationGraph extract(ComputationGraph source, String... outputs) {
        ComputationGraphConfiguration conf = source.getConfiguration();
        Map<String, GraphVertex> vertices = conf.getVertices();
        Map<String, List<String>> vertexInputs = conf.getVertexInputs();
        Set<String> needed = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(outputs));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (!needed.add(v)) {
                continue;
            }
            if (!vertices.containsKey(v) && !conf.getNetworkInputs().contains(v)) {
                throw new IllegalArgumentException("graph has no vertex '" + v + "'");
            }
            List<String> ins = vertexInputs.get(v);
            if (ins != null) {
                todo.addAll(ins);
            }
        }
        List<String> inputs = new ArrayList<>();
        for (String in : conf.getNetworkInputs()) {
            if (needed.contains(in)) {
                inputs.add(in);
            }
        }
        GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .seed(source.getConfiguration().getDefaultConfiguration().getSeed())
                .dataType(conf.getDataType())
                .graphBuilder()
                .addInputs(inputs);
        // Keep the source's vertex order so the flat parameter layout is comparable.
        for (Map.Entry<String, GraphVertex> e : vertices.entrySet()) {
            String name = e.getKey();
            if (!needed.contains(name)) {
                continue;
            }
            String[] ins = vertexInputs.get(name).toArray(new String[0]);
            GraphVertex v = e.getValue();
            if (v instanceof LayerVertex lv) {
                gb.addLayer(name, lv.getLayerConf().getLayer().clone(), lv.getPreProcessor(), ins);
            } else {
                gb.addVertex(name, v.clone(), ins);
            }
        }
        gb.setOutputs(outputs);
        ComputationGraph target = new ComputationGraph(gb.build());
        target.init();
        for (Layer layer : target.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            INDArray dst = layer.params();
            if (dst == null || dst.length() == 0) {
                continue;
            }
            INDArray src = source.getLayer(name).params();
            if (src.length() != dst.length()) {
                throw new IllegalStateException("layer " + name + ": " + src.length() + " source params vs "
                        + dst.length() + " in the extracted graph");
            }
            dst.assign(src);
        }
        return target;
    }
}
