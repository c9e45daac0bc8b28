package io.mmanet.networks.method;

import io.mmanet.networks.data.Minibatch;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphBuilder;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A training-only part of a method's graph, added next to the deployment network: the frozen
 * teacher with a distillation output, or the regularization network with its masked output. A
 * part owns its graph inputs and outputs and everything its outputs need in a minibatch (gates,
 * label masks), so the batch assembler and the training job stay method-agnostic.
 */
public interface TrainingPart extends Serializable {

    /** Extra graph inputs and their types, in order (after the deployment inputs). */
    default Map<String, InputType> inputs(NetworkSpec spec) {
        return Map.of();
    }

    /** Names of its outputs, in order (after the deployment output). */
    List<String> outputs();

    /** Adds its vertices and outputs; the deployment network is already in {@code graph}. */
    void build(TrainingGraphBuilder graph);

    /** Called once on the initialised training graph, e.g. to copy the trained teacher in. */
    default void initialise(ComputationGraph trainingGraph, List<ComputationGraph> teachers) {
    }

    /** The array of each of its {@link #inputs} for {@code batch}, in order. */
    default List<INDArray> inputArrays(Minibatch batch) {
        return List.of();
    }

    /** Labels of each of its outputs for {@code batch}, in order. */
    List<INDArray> labels(Minibatch batch);

    /** Per-example label masks of each of its outputs (never null: see {@code PerExampleMaskedMcxent}). */
    List<INDArray> labelMasks(Minibatch batch);
}
