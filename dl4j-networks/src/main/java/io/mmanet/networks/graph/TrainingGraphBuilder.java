package io.mmanet.networks.graph;

import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.task.Task;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;

/**
 * What a method's {@link io.mmanet.networks.method.TrainingPart} builds on: the DL4J graph builder
 * that already holds the {@link DeploymentNetwork}, the spec, the task and the method settings.
 */
public final class TrainingGraphBuilder {
    private final GraphBuilder graph;
    private final NetworkSpec spec;
    private final MethodSettings settings;
    private final DeploymentNetwork deployment;
    private final boolean freezeTeacher;

    TrainingGraphBuilder(GraphBuilder graph, NetworkSpec spec, MethodSettings settings, DeploymentNetwork deployment,
                         boolean freezeTeacher) {
        this.graph = graph;
        this.spec = spec;
        this.settings = settings;
        this.deployment = deployment;
        this.freezeTeacher = freezeTeacher;
    }

    public GraphBuilder graph() {
        return graph;
    }

    public NetworkSpec spec() {
        return spec;
    }

    public Task task() {
        return spec.task();
    }

    public MethodSettings settings() {
        return settings;
    }

    public DeploymentNetwork deployment() {
        return deployment;
    }

    /** False only in gradient checks, which need the teacher trainable. */
    public boolean freezeTeacher() {
        return freezeTeacher;
    }
}
