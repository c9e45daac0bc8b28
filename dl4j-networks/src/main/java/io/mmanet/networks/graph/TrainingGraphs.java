package io.mmanet.networks.graph;

import io.mmanet.compat.DeploymentExtraction;
import io.mmanet.compat.OneDnnHelpers;
import io.mmanet.compat.ShapeInfoCache;
import io.mmanet.compat.PerExampleMaskedMcxent;
import io.mmanet.networks.combination.Modality;
import io.mmanet.networks.loss.MadLoss;
import io.mmanet.networks.loss.MarLoss;
import io.mmanet.networks.loss.SpLoss;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the training graphs of every {@link Method} (spec "Project decisions" 2-7, section 1.4):
 * <ul>
 *   <li>{@link #teacher}: SF, the combination fixed by the data's mask input (usually full), CE.</li>
 *   <li>{@link #deployment}: SF-MD, the same network with a per-sample mask from the data, CE.</li>
 *   <li>{@link #forMethod}: SF, SF-MD, or SF-MD plus the frozen teacher (vertices {@code t_*}, params
 *       and BN statistics copied from the trained teacher, inference-mode BN, no backprop), a
 *       distillation output ({@code kd_out}: MAD or SP on the stage-4 features) and, for SR and
 *       MMANet, the regularization network ({@code reg_*}: a separate trunk copy on the fused masked
 *       tensor) with its masked cross-entropy output ({@code mar_out}).</li>
 *   <li>{@link #extractDeployment}: the deployment-only inference graph of any of these.</li>
 * </ul>
 * Warm-up gating of MAD/SP and MAR is carried by the data (gate labels and label masks built by
 * {@code BatchAssembler}), so one configuration serves the whole run (Spark ships one config).
 */
public final class TrainingGraphs {

    static {
        OneDnnHelpers.enable(); // layers pick their oneDNN helper when the graph is initialised
        ShapeInfoCache.install();
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

    /** SF teacher with the paper's optimizer settings. */
    public static ComputationGraph teacher(NetworkSpec spec) {
        return teacher(spec, MethodSettings.paperDefaults(Method.SF));
    }

    public static ComputationGraph teacher(NetworkSpec spec, MethodSettings settings) {
        return build(spec, settings.withMethod(Method.SF), null, Options.defaults());
    }

    /** SF-MD deployment network with the paper's optimizer settings. */
    public static ComputationGraph deployment(NetworkSpec spec) {
        return deployment(spec, MethodSettings.paperDefaults(Method.SF_MD));
    }

    public static ComputationGraph deployment(NetworkSpec spec, MethodSettings settings) {
        return build(spec, settings.withMethod(Method.SF_MD), null, Options.defaults());
    }

    /**
     * The training graph of {@code settings.method()}. Distillation methods (SP, MAD, SR, MMANet)
     * need the trained teacher, a graph from {@link #teacher} of the same spec; the other methods
     * ignore it.
     */
    public static ComputationGraph forMethod(NetworkSpec spec, MethodSettings settings,
                                             ComputationGraph trainedTeacherOrNull) {
        return forMethod(spec, settings, trainedTeacherOrNull, Options.defaults());
    }

    public static ComputationGraph forMethod(NetworkSpec spec, MethodSettings settings,
                                             ComputationGraph trainedTeacherOrNull, Options options) {
        if (settings.method().usesTeacher() && trainedTeacherOrNull == null) {
            throw new IllegalArgumentException("method " + settings.method()
                    + " distils from a trained teacher; train the SF teacher first and pass it");
        }
        return build(spec, settings, trainedTeacherOrNull, options);
    }

    /** Deployment-only inference graph: same parameter values and outputs; no teacher, no reg net. */
    public static ComputationGraph extractDeployment(ComputationGraph trainingGraph) {
        return DeploymentExtraction.extract(trainingGraph, GraphNames.OUT);
    }

    private static ComputationGraph build(NetworkSpec spec, MethodSettings settings, ComputationGraph teacher,
                                          Options options) {
        Method method = settings.method();
        IUpdater updater = options.updater != null ? options.updater : settings.updater();
        GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(spec.dataType())
                .updater(updater)
                .l2(options.updater != null ? 0.0 : settings.optimizer().weightDecay())
                .graphBuilder();
        List<String> inputs = GraphNames.trainingInputs(spec.modalities(), method);
        gb.addInputs(inputs);
        List<InputType> types = new ArrayList<>();
        for (Modality m : spec.modalities().asList()) {
            types.add(InputType.convolutional(spec.inputHeight(), spec.inputWidth(), m.channels()));
        }
        types.add(InputType.feedForward(spec.modalities().size()));
        if (method.usesTeacher()) {
            types.add(InputType.feedForward(spec.modalities().size()));
        }
        gb.setInputTypes(types.toArray(new InputType[0]));

        NetworkBlocks deploy = new NetworkBlocks(gb, spec, "", false);
        String fused = deploy.fusion(GraphNames.MASK);
        String features = deploy.trunkFeatures(fused);
        String logits = deploy.classifier(features);
        deploy.softmaxOutput(GraphNames.OUT, logits, new PerExampleMaskedMcxent(1.0));

        if (method.usesTeacher()) {
            NetworkBlocks t = new NetworkBlocks(gb, spec, GraphNames.TEACHER_PREFIX, options.freezeTeacher);
            String tFused = t.fusion(GraphNames.TEACHER_MASK);
            String tFeatures = t.trunkFeatures(tFused);
            String sFlat = deploy.flatten("kd_student_features", features);
            String tFlat = t.flatten("kd_teacher_features", tFeatures);
            ILossFunction kd;
            String kdIn;
            if (method.kd() == Method.Kd.MAD) {
                kd = new MadLoss(settings.lambdaMad(), spec.featureSize(), spec.numClasses());
                String tLogits = t.classifier(tFeatures); // MAD's entropy weights; SP needs no teacher logits
                kdIn = addMerge(gb, "kd_in", sFlat, tFlat, tLogits);
            } else {
                kd = new SpLoss(settings.lambdaMad(), spec.featureSize());
                kdIn = addMerge(gb, "kd_in", sFlat, tFlat);
            }
            gb.addLayer(GraphNames.KD_OUT, new LossLayer.Builder(kd).activation(Activation.IDENTITY).build(), kdIn);
        }
        if (method.usesRegularization()) {
            NetworkBlocks reg = new NetworkBlocks(gb, spec, GraphNames.REG_PREFIX, false);
            String regLogits = reg.classifier(reg.trunkFeatures(fused));
            deploy.softmaxOutput(GraphNames.MAR_OUT, regLogits, new MarLoss(settings.lambdaMar()));
        }
        gb.setOutputs(GraphNames.trainingOutputs(method).toArray(new String[0]));
        ComputationGraphConfiguration conf = gb.build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        if (teacher != null && method.usesTeacher()) {
            copyTeacher(teacher, graph);
        }
        return graph;
    }

    private static String addMerge(GraphBuilder gb, String name, String... inputs) {
        gb.addVertex(name, new MergeVertex(), inputs);
        return name;
    }

    /** Fills every {@code t_<name>} layer with the trained teacher's {@code <name>} parameters (BN statistics included). */
    private static void copyTeacher(ComputationGraph teacher, ComputationGraph target) {
        for (org.deeplearning4j.nn.api.Layer layer : target.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (!name.startsWith(GraphNames.TEACHER_PREFIX) || layer.numParams() == 0) {
                continue;
            }
            String srcName = name.substring(GraphNames.TEACHER_PREFIX.length());
            if (!teacher.getConfiguration().getVertices().containsKey(srcName)) {
                throw new IllegalArgumentException("the teacher has no layer '" + srcName
                        + "': was it built from a different NetworkSpec?");
            }
            INDArray src = teacher.getLayer(srcName).params();
            INDArray dst = layer.params();
            if (src == null || src.length() != dst.length()) {
                throw new IllegalArgumentException("teacher layer '" + srcName + "' has "
                        + (src == null ? 0 : src.length()) + " parameters, the training graph's copy has "
                        + dst.length() + ": was the teacher built from a different NetworkSpec?");
            }
            dst.assign(src.castTo(dst.dataType()));
        }
    }
}
