package io.mmanet.tasks.segmentation;

import io.mmanet.methods.mmanet.MarMining;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.EpochHook;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.method.OptimizerSettings;
import io.mmanet.networks.metrics.ConfusionMatrix;
import io.mmanet.networks.metrics.SegmentationMetrics;
import io.mmanet.networks.testing.SegmentationProblem;
import io.mmanet.networks.train.LocalEpochContext;
import io.mmanet.networks.train.LocalTrainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Segmentation through the real networks in one JVM (tiny RGB-D scenes, 32x32, 3 classes): every
 * method that declares the task builds, trains and extracts; SF-MD learns; MMANet runs its loop
 * (teacher, warm-up, MAR mining by mIoU through the epoch hook, then MAD + MAR with the
 * regularization decoder).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentationTrainingTest {
    private static final int BATCH = 8;
    private NetworkSpec spec;
    private SegmentationProblem train;
    private ComputationGraph teacher;

    private static MethodSettings fast(Method method, int warmupEpochs, int... mining) {
        return MethodSettings.paperDefaults(method).withWarmupEpochs(warmupEpochs, mining)
                .withOptimizer(new OptimizerSettings(0.05, 0.9, 0.0, false, new int[0], 0.1));
    }

    @BeforeAll
    void teacherOnFullScenes() {
        spec = SegmentationProblem.spec(DataType.FLOAT);
        train = new SegmentationProblem(spec, 1).generate(48);
        MethodSettings s = fast(Methods.teacherMethod(), 0);
        LocalTrainer t = new LocalTrainer(TrainingGraphs.teacher(spec, s));
        BatchAssembler sf = new BatchAssembler(spec, Methods.teacherMethod(), s.fixedCombination(spec.modalities()));
        Random r = new Random(2);
        for (int epoch = 1; epoch <= 2; epoch++) {
            t.fitEpoch(epoch, train.epochData(sf, BATCH, r, null, false));
        }
        teacher = t.graph();
    }

    Stream<Method> segmentationMethods() {
        return Methods.all().stream().filter(m -> m.tasks().contains(SegmentationTask.NAME));
    }

    @Test
    void theCoreMethodsDeclareSegmentation() {
        List<String> names = segmentationMethods().map(Method::name).toList();
        assertTrue(names.containsAll(List.of("sf", "sf-md", "mmanet")), names.toString());
    }

    @ParameterizedTest
    @MethodSource("segmentationMethods")
    void buildsTrainsAndExtracts(Method method) {
        // The full-modality teacher stands in for each per-modality one (same graph; modality-teachers).
        int teachers = Math.max(1, method.teachers().combinations(spec.modalities()).size());
        ComputationGraph g = TrainingGraphs.forMethod(spec, fast(method, 1), java.util.Collections.nCopies(teachers,
                teacher), TrainingGraphs.Options.defaults());
        BatchAssembler a = new BatchAssembler(spec, method);
        Random r = new Random(Methods.names().indexOf(method.name()));
        float[][][] px = Arrays.copyOfRange(train.pixels, 0, 6);
        Set<ModalityCombination> weak = Set.of(ModalityCombination.parse("depth", spec.modalities()));
        MultiDataSet mds = a.assemble(px, train.labelsOf(0, 6), a.drawCombinations(px, r), weak, true);
        g.fit(mds);
        double first = g.score();
        for (int i = 0; i < 5; i++) {
            g.fit(mds);
        }
        assertTrue(Double.isFinite(first) && g.score() < first, method.name() + ": loss " + first + " -> " + g.score());
        ComputationGraph deploy = TrainingGraphs.extractDeployment(g);
        assertEquals(GraphNames.deploymentInputs(spec.modalities()), deploy.getConfiguration().getNetworkInputs());
        INDArray out = deploy.outputSingle(a.inferenceInputs(px, ModalityCombination.full(spec.modalities())));
        assertArrayEquals(new long[] {6, 3, 32, 32}, out.shape());
        assertTrue(out.sum(1).subi(1).amaxNumber().doubleValue() < 1e-5, "softmax over the classes of every pixel");
    }

    /** The configuration survives JSON (Spark ships it so), the model survives ModelSerializer (export). */
    @Test
    void jsonAndModelSerializerRoundTripsAndBilinearStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ComputationGraph g = TrainingGraphs.forMethod(spec, fast(Methods.get("mmanet"), 1), teacher);
        String json = g.getConfiguration().toJson();
        assertEquals(g.getConfiguration(), org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(json));
        INDArray kernel = TrainingGraphs.deployment(spec).getLayer("seg_logits").getParam("W");
        assertEquals(0.25, kernel.getDouble(1, 1, 0, 0), 0.0, "learned-bilinear starts as the bilinear kernel");
        assertEquals(0.0625, kernel.getDouble(0, 2, 2, 0), 0.0);
        ComputationGraph deploy = TrainingGraphs.extractDeployment(g);
        java.io.File f = dir.resolve("seg.zip").toFile();
        org.deeplearning4j.util.ModelSerializer.writeModel(deploy, f, false);
        ComputationGraph restored = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(f, false);
        INDArray[] in = new BatchAssembler(spec, Methods.get("mmanet")).inferenceInputs(
                Arrays.copyOfRange(train.pixels, 0, 2), ModalityCombination.parse("depth", spec.modalities()));
        assertEquals(deploy.outputSingle(in), restored.outputSingle(in));
    }

    @Test
    void sfMdLearnsTheScenes() {
        Method sfmd = Methods.get("sf-md");
        LocalTrainer trainer = new LocalTrainer(TrainingGraphs.deployment(spec, fast(sfmd, 0)));
        BatchAssembler a = new BatchAssembler(spec, sfmd);
        Random r = new Random(4);
        double firstEpoch = Double.NaN;
        double lastEpoch = Double.NaN;
        for (int epoch = 1; epoch <= 4; epoch++) {
            double score = trainer.fitEpoch(epoch, train.epochData(a, BATCH, r, null, false)).meanScore();
            firstEpoch = epoch == 1 ? score : firstEpoch;
            lastEpoch = score;
        }
        assertTrue(lastEpoch < firstEpoch, "mean loss " + firstEpoch + " -> " + lastEpoch);
        SegmentationProblem test = new SegmentationProblem(spec, 9).generate(16);
        Map<ModalityCombination, ConfusionMatrix> cms = LocalTrainer.predictionConfusions(
                TrainingGraphs.extractDeployment(trainer.graph()), spec, ModalityCombination.all(spec.modalities()),
                List.of(new LocalTrainer.LabelledBatch(test.pixels, test.labels)));
        StringBuilder report = new StringBuilder();
        cms.forEach((c, cm) -> {
            assertEquals(16L * 30 * 30, cm.total(), c + ": every labelled pixel counted once (the border is ignored)");
            SegmentationMetrics m = SegmentationMetrics.of(c.toString(), cm);
            report.append(String.format(" %s mIoU=%.3f acc=%.3f", c, m.meanIou(), m.pixelAccuracy()));
        });
        LoggerFactory.getLogger(SegmentationTrainingTest.class).info("SF-MD segmentation after 4 epochs:{}", report);
    }

    @Test
    void mmanetMinesByMiouAndTrainsTheRegularizationDecoderOnTheWeakModality() {
        Method mmanet = Methods.get("mmanet");
        MethodSettings settings = fast(mmanet, 2, 1, 2);
        ComputationGraph graph = TrainingGraphs.forMethod(spec, settings, teacher);
        assertTrue(graph.getConfiguration().getVertices().containsKey("reg_seg_logits"), "second decoder");
        assertFalse(graph.getConfiguration().getVertices().containsKey("reg_s3_b0_relu"), "no trunk copy");
        LocalTrainer trainer = new LocalTrainer(graph);
        BatchAssembler a = new BatchAssembler(spec, mmanet);
        SegmentationProblem val = new SegmentationProblem(spec, 5).generate(16);
        LocalEpochContext context = new LocalEpochContext(spec, settings, graph,
                List.of(new LocalTrainer.LabelledBatch(val.pixels, val.labels)));
        Random r = new Random(6);
        List<MultiDataSet> after = new ArrayList<>();
        INDArray regClassifier = graph.getLayer("reg_seg_classifier").params().dup();
        for (int epoch = 1; epoch <= 3; epoch++) {
            if (epoch == 3) {
                assertEquals(regClassifier, graph.getLayer("reg_seg_classifier").params(),
                        "warm-up: the MAR mask is all zero, so the regularization decoder gets no gradient");
            }
            boolean afterWarmup = settings.isAfterWarmup(epoch);
            List<MultiDataSet> data = train.epochData(a, BATCH, r, context.weakSet(), afterWarmup);
            assertTrue(Double.isFinite(trainer.fitEpoch(epoch, data).meanScore()));
            for (EpochHook h : mmanet.epochHooks()) {
                h.afterEpoch(epoch, context);
            }
            if (afterWarmup) {
                after = data;
            }
        }
        assertInstanceOf(MarMining.class, mmanet.epochHooks().get(0));
        assertEquals(2, context.marBank().epochsRecorded());
        assertEquals(1, context.weakSet().size(), "M = 2: one weak modality");
        assertEquals(1, context.weakSet().iterator().next().size());
        MultiDataSet batch = after.get(0);
        assertEquals(BATCH, batch.getLabels(1).sumNumber().doubleValue(), 0.0, "MAD gate on after warm-up");
        double selected = batch.getLabelsMaskArray(2).sumNumber().doubleValue() / (3 * 32 * 32);
        long weakRows = 0;
        for (int i = 0; i < BATCH; i++) {
            if (batch.getFeatures(2).getRow(i).sumNumber().doubleValue() == 1.0) { // drew one modality
                weakRows += context.weakSet().contains(ModalityCombination.fromMask(
                        batch.getFeatures(2).getRow(i).toFloatVector(), spec.modalities())) ? 1 : 0;
            }
        }
        assertEquals(weakRows, selected, 1e-9, "MAR selects exactly the samples that drew the weak modality");
        graph.fit(batch);
        double first = graph.score();
        for (int i = 0; i < 4; i++) {
            graph.fit(batch);
        }
        assertTrue(graph.score() < first, "CE + MAD + MAR " + first + " -> " + graph.score());
        assertNotEquals(regClassifier, graph.getLayer("reg_seg_classifier").params(), "after warm-up MAR trains it");
    }
}
