package io.mmanet.networks.graph;


import io.mmanet.compat.DeploymentExtraction;
import io.mmanet.compat.FastCpuPath;
import io.mmanet.compat.FlatGradientUpdater;
import io.mmanet.networks.combination.Modality;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.method.TrainingPart;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the training graph of any {@link Method} (spec "Project decisions" 2-7, section 1.4): the
 * {@link DeploymentNetwork} (common to all methods), then the method's
 * {@link io.mmanet.networks.method.TrainingPart}s in order (for the distilling methods a
 * {@link TeacherNetwork} with a distillation output, for SR and MMANet a
 * {@link RegularizationNetwork} with its masked output). {@link #teacher} is the teacher's own
 * training graph (SF on its combination); {@link #extractDeployment} is the deployment-only
 * inference graph of any of these.
 * Warm-up gating of MAD/SP and MAR is carried by the data (gate labels and label masks built by
 * the parts through {@code BatchAssembler}), so one configuration serves the whole run.
 */
public final class TrainingGraphs {

    static {
        FastCpuPath.install(); // layers pick their oneDNN helper when the graph is initialised
    }

    private TrainingGraphs() {
    }

    /** Options for tests: gradient checks need an unfrozen teacher and a NoOp updater. */
    public static final class Options {
        final boolean freezeTeacher;
        final IUpdater updater;

        private Options(boolean freezeTeacher, IUpdater updater) {
            this.freezeTeacher = freezeTeacher;
            this.updater = updater;
        }

        public static Options defaults() {
            return new Options(true, null);
        }

        /** Teacher trainable and updater replaced (gradient checks: NoOp). */
        public static Options gradientCheck(IUpdater updater) {
            return new Options(false, updater);
        }
    }

    /** SF teacher (every modality) with the paper's optimizer settings. */
    public static ComputationGraph teacher(NetworkSpec spec) {
        return teacher(spec, MethodSettings.paperDefaults(Methods.teacherMethod()));
    }

    /** The teacher's own training graph: SF on its combination (the deployment network alone). */
    public static ComputationGraph teacher(NetworkSpec spec, MethodSettings settings) {
        return build(spec, settings.withMethod(Methods.teacherMethod()), List.of(), Options.defaults());
    }

    /** SF-MD deployment network with the paper's optimizer settings. */
    public static ComputationGraph deployment(NetworkSpec spec) {
        return deployment(spec, MethodSettings.paperDefaults(Methods.get("sf-md")));
    }

    public static ComputationGraph deployment(NetworkSpec spec, MethodSettings settings) {
        return build(spec, settings.withMethod(Methods.get("sf-md")), List.of(), Options.defaults());
    }

    /**
     * The training graph of {@code settings.method()}. Methods that distil need their trained
     * teachers ({@link Method#teachers()}), graphs from {@link #teacher} of the same spec; the
     * other methods ignore them.
     */
    public static ComputationGraph forMethod(NetworkSpec spec, MethodSettings settings,
                                             ComputationGraph trainedTeacherOrNull) {
        return forMethod(spec, settings, trainedTeacherOrNull, Options.defaults());
    }

    public static ComputationGraph forMethod(NetworkSpec spec, MethodSettings settings,
                                             ComputationGraph trainedTeacherOrNull, Options options) {
        return forMethod(spec, settings, trainedTeacherOrNull == null ? List.of() : List.of(trainedTeacherOrNull),
                options);
    }

    /**
     * The training graph of {@code settings.method()} with its trained teachers, one per combination
     * of {@code method.teachers().combinations(...)}, in that order (empty for methods without).
     */
    public static ComputationGraph forMethod(NetworkSpec spec, MethodSettings settings,
                                             List<ComputationGraph> trainedTeachers, Options options) {
        Method method = settings.method();
        int needed = method.teachers().combinations(spec.modalities()).size();
        if (needed > 0 && trainedTeachers.size() != needed) {
            throw new IllegalArgumentException("method " + method.name() + " distils from " + needed
                    + " trained teacher(s) (" + method.teachers().label() + "), got " + trainedTeachers.size()
                    + "; train the SF teacher(s) first and pass them");
        }
        return build(spec, settings, needed > 0 ? trainedTeachers : List.of(), options);
    }

    /** Deployment-only inference graph: same parameter values and outputs; no teacher, no reg net. */
    public static ComputationGraph extractDeployment(ComputationGraph trainingGraph) {
        return DeploymentExtraction.extract(trainingGraph, GraphNames.OUT);
    }

    /** Inputs of the training graph of {@code method}: the deployment inputs, then each part's, in order. */
    public static List<String> trainingInputs(NetworkSpec spec, Method method) {
        List<String> in = GraphNames.deploymentInputs(spec.modalities());
        for (TrainingPart p : method.parts()) {
            in.addAll(p.inputs(spec).keySet());
        }
        return in;
    }

    /** The types of {@link #trainingInputs}, in the same order (what the graph's layer shapes follow from). */
    public static InputType[] trainingInputTypes(NetworkSpec spec, Method method) {
        List<InputType> types = new ArrayList<>();
        for (Modality m : spec.modalities().asList()) {
            types.add(InputType.convolutional(spec.inputHeight(), spec.inputWidth(), m.channels()));
        }
        types.add(InputType.feedForward(spec.modalities().size()));
        for (TrainingPart p : method.parts()) {
            types.addAll(p.inputs(spec).values());
        }
        return types.toArray(new InputType[0]);
    }

    /** Outputs of the training graph of {@code method}: {@link GraphNames#OUT}, then each part's, in order. */
    public static List<String> trainingOutputs(Method method) {
        List<String> out = new ArrayList<>();
        out.add(GraphNames.OUT);
        for (TrainingPart p : method.parts()) {
            out.addAll(p.outputs());
        }
        return out;
    }

    private static ComputationGraph build(NetworkSpec spec, MethodSettings settings, List<ComputationGraph> teachers,
                                          Options options) {
        Method method = settings.method();
        IUpdater updater = options.updater != null ? options.updater : settings.updater();
        GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(spec.dataType())
                .updater(updater)
                .l2(options.updater != null ? 0.0 : settings.optimizer().weightDecay())
                .graphBuilder();
        gb.addInputs(trainingInputs(spec, method));
        gb.setInputTypes(trainingInputTypes(spec, method));

        DeploymentNetwork deployment = DeploymentNetwork.add(gb, spec, method);
        TrainingGraphBuilder parts = new TrainingGraphBuilder(gb, spec, settings, deployment, options.freezeTeacher);
        for (TrainingPart p : method.parts()) {
            p.build(parts);
        }
        gb.setOutputs(trainingOutputs(method).toArray(new String[0]));
        ComputationGraphConfiguration conf = gb.build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        FlatGradientUpdater.install(graph);
        if (!teachers.isEmpty()) {
            for (TrainingPart p : method.parts()) {
                p.initialise(graph, teachers);
            }
        }
        return graph;
    }
}
