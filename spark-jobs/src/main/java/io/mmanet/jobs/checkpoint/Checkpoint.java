package io.mmanet.jobs.checkpoint;

import org.deeplearning4j.nn.graph.ComputationGraph;

/** A loaded checkpoint: the training graph (with updater state), the state, and where it came from. */
public record Checkpoint(ComputationGraph graph, TrainingState state, String location) {
}
