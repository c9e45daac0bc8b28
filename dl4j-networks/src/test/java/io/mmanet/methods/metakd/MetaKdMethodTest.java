package io.mmanet.methods.metakd;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.DecodedRows;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.MethodState;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.method.OptimizerSettings;
import io.mmanet.networks.testing.SegmentationProblem;
import io.mmanet.networks.testing.TinyNetworks;
import io.mmanet.networks.train.LocalEpochContext;
import io.mmanet.tasks.segmentation.SegmentationTask;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * MetaKD in training: theta outside the ordinary optimizer, the driver's meta step and its resume
 * (classification and segmentation), the export.
 */
class MetaKdMethodTest {
    private static final NetworkSpec SPEC = TinyNetworks.tiny(DataType.FLOAT);
    private static final MethodSettings SETTINGS = MethodSettings.paperDefaults(Methods.get("metakd"))
            .withOptimizer(new OptimizerSettings(0.05, 0.9, 5e-4, false, new int[0], 0.1));

    private static MultiDataSet batch(Random r, int n) {
        BatchAssembler a = new BatchAssembler(SPEC, SETTINGS.method());
        float[][][] px = TinyNetworks.randomPixels(SPEC, n, r);
        return a.assemble(px, TinyNetworks.randomLabels(n, 2, r), a.drawCombinations(px, r), MethodState.of(false, null));
    }

    private static DecodedRows rows(Random r, int n) {
        float[][][] px = TinyNetworks.randomPixels(SPEC, n, r);
        px[0][1] = null;
        return new DecodedRows(px, TinyNetworks.randomLabels(n, 2, r));
    }

    @Test
    void thetaIsLeftAloneByTheOrdinaryOptimizerWhileTheNetworkLearns() {
        ComputationGraph g = TrainingGraphs.forMethod(SPEC, SETTINGS, null);
        INDArray theta = Nd4j.create(new float[] {0.5f, -0.25f, 0.1f}, new long[] {1, 3}, 'c');
        g.setParam(ModalityDistillation.THETA + "_W", theta);
        INDArray fc = g.getParam(GraphNames.LOGITS + "_W").dup();
        Random r = new Random(1);
        MultiDataSet b = batch(r, 8);
        for (int i = 0; i < 4; i++) {
            g.fit(b);
        }
        assertEquals(theta, g.getParam(ModalityDistillation.THETA + "_W"), "weight decay and momentum must not touch theta");
        assertNotEquals(fc, g.getParam(GraphNames.LOGITS + "_W"));
        g.score(b, false);
        double kd = g.getLayer(GraphNames.KD_OUT).score();
        assertTrue(kd > 0, "the distillation term is on: " + kd);
    }

    /** A task's tiny problem: spec, a training batch, and validation rows with the task's labels. */
    private record Problem(NetworkSpec spec, MultiDataSet batch, DecodedRows validation) {

        static Problem of(String task) {
            Random r = new Random(2);
            if (task.equals(SegmentationTask.NAME)) {
                NetworkSpec spec = SegmentationProblem.spec(DataType.FLOAT);
                SegmentationProblem train = new SegmentationProblem(spec, 3).generate(8);
                SegmentationProblem val = new SegmentationProblem(spec, 4).generate(12);
                val.pixels[0][1] = null; // a row without depth
                BatchAssembler a = new BatchAssembler(spec, SETTINGS.method());
                return new Problem(spec, a.assemble(train.pixels, train.labels, a.drawCombinations(train.pixels, r),
                        MethodState.of(false, null)),
                        new DecodedRows(val.pixels, val.labels, spec.task().labelsPerSample(spec)));
            }
            DecodedRows val = MetaKdMethodTest.rows(r, 12); // drawn first, as before the task cases
            return new Problem(SPEC, MetaKdMethodTest.batch(r, 8), val);
        }
    }

    /** Per task: the meta step moves theta on the task's labels (per pixel for segmentation) and resumes exactly. */
    @ParameterizedTest
    @ValueSource(strings = {"classification", SegmentationTask.NAME})
    void metaStepMovesThetaAndAResumedStepMatchesTheUninterruptedOne(String task) {
        Problem p = Problem.of(task);
        DecodedRows val = p.validation();
        ComputationGraph g = TrainingGraphs.forMethod(p.spec(), SETTINGS, null);
        g.fit(p.batch());
        ComputationGraph copy = g.clone();

        LocalEpochContext uninterrupted = new LocalEpochContext(p.spec(), SETTINGS, g, val);
        MetaStep step = new MetaStep();
        step.afterEpoch(1, uninterrupted);
        double[] afterOne = MetaStep.theta(g);
        assertNotEquals(0.0, afterOne[0], "theta moved");
        assertEquals(1.0, java.util.Arrays.stream(MetaStep.softmax(afterOne)).sum(), 1e-12);
        step.afterEpoch(2, uninterrupted);

        // "Resume": a new hook and context from the state the first epoch left (graph + hook state).
        LocalEpochContext first = new LocalEpochContext(p.spec(), SETTINGS, copy, val);
        new MetaStep().afterEpoch(1, first);
        LocalEpochContext resumed = new LocalEpochContext(p.spec(), SETTINGS, copy.clone(), val);
        resumed.put(ThetaAdam.KEY, first.get(ThetaAdam.KEY, ThetaAdam.State.class));
        new MetaStep().afterEpoch(2, resumed);
        assertArrayEquals(MetaStep.theta(g), MetaStep.theta(resumed.trainingGraph()));
        assertEquals(2 * 4, uninterrupted.get(ThetaAdam.KEY, ThetaAdam.State.class).t);
    }

    @Test
    void validationRowsMustCarryTheTasksLabelsPerRow() {
        Problem seg = Problem.of(SegmentationTask.NAME);
        DecodedRows perRow = new DecodedRows(seg.validation().pixels(), new int[seg.validation().size()]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LocalEpochContext(
                seg.spec(), SETTINGS, TrainingGraphs.forMethod(seg.spec(), SETTINGS, null), perRow));
        assertTrue(e.getMessage().contains("1 labels per row"), e.getMessage());
    }

    @Test
    void aBadMetaKdKeyFailsNamingIt() {
        io.mmanet.config.ConfigValidationException e = assertThrows(io.mmanet.config.ConfigValidationException.class,
                () -> MethodSettings.fromConfig(io.mmanet.config.MmanetConfig.load(null,
                        java.util.List.of("method.name=metakd", "method.metakd.meta-batch-size=0"))));
        assertTrue(e.getMessage().contains("method.metakd.meta-batch-size"), e.getMessage());
        MetaKdSettings defaults = MetaKdSettings.of(SETTINGS);
        assertEquals(0.1, defaults.kdWeight(), "the authors' kdLoss_wt");
    }

    @Test
    void theExportedNetworkMeanFillsAbsentModalities() {
        ComputationGraph g = TrainingGraphs.forMethod(SPEC, SETTINGS, null);
        ComputationGraph deploy = TrainingGraphs.extractDeployment(g);
        assertTrue(deploy.getConfiguration().getVertices().containsKey("fuse_mean_fill"));
        assertFalse(deploy.getConfiguration().getVertices().containsKey(ModalityDistillation.THETA));
        Random r = new Random(4);
        float[][][] px = TinyNetworks.randomPixels(SPEC, 4, r);
        BatchAssembler a = new BatchAssembler(SPEC, SETTINGS.method());
        ModalityCombination rgb = ModalityCombination.parse("rgb", SPEC.modalities());
        INDArray[] in = a.inferenceInputs(px, rgb);
        INDArray[] trainingIn = java.util.Arrays.copyOf(in, in.length + 1);
        trainingIn[in.length] = Nd4j.ones(DataType.FLOAT, 4, 1);
        assertEquals(g.output(false, trainingIn)[GraphNames.OUT_INDEX], deploy.outputSingle(in));
        // With only rgb present, every block of the trunk input is the rgb block.
        INDArray filled = deploy.feedForward(in, false).get("fuse_mean_fill");
        long c = filled.size(1) / 3;
        INDArray rgbBlock = filled.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, c));
        INDArray irBlock = filled.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2 * c, 3 * c));
        assertEquals(rgbBlock, irBlock);
    }
}
