package io.mmanet.methods.modalityteachers;

import io.mmanet.config.ConfigValidationException;
import io.mmanet.config.MmanetConfig;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.method.TeacherNeed;
import io.mmanet.networks.testing.SegmentationProblem;
import io.mmanet.networks.testing.TinyNetworks;
import io.mmanet.tasks.segmentation.SegmentationTask;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The method's registry entry, its settings, and its graph: one frozen SF teacher per modality, copied in. */
class ModalityTeachersMethodTest {

    @Test
    void registeredWithPerModalityTeachersAndCompleteRowsOnly() {
        Method m = Methods.get("modality-teachers");
        assertEquals(TeacherNeed.PER_MODALITY, m.teachers());
        Modalities mods = Modalities.rgbDepthIr();
        ModalityCombination full = ModalityCombination.full(mods);
        for (ModalityCombination has : ModalityCombination.all(mods)) {
            assertEquals(has.equals(full), m.canTrain(has, full), has.toString());
        }
    }

    @Test
    void settingsAreValidatedNamingTheirKey() {
        MethodSettings s = MethodSettings.fromConfig(MmanetConfig.load(null, List.of(
                "method.name=modality-teachers", "method.modality-teachers.alpha=[0.5, 1.0, 0.25]",
                "method.modality-teachers.temperature=4")));
        assertArrayEquals(new double[] {0.5, 1.0, 0.25}, s.options(TeacherKdSettings.class).alphas(3));
        assertEquals(4.0, s.options(TeacherKdSettings.class).temperature());
        MethodSettings d = MethodSettings.fromConfig(MmanetConfig.load(null, List.of())).withMethod(m());
        assertEquals(TeacherKdSettings.defaults(), d.options(TeacherKdSettings.class), "reference.conf = defaults()");
        assertArrayEquals(new double[] {1.0, 1.0, 1.0}, d.options(TeacherKdSettings.class).alphas(3));
        assertKey(TeacherKdSettings.ALPHA, "method.modality-teachers.alpha=[1, 2]");
        assertKey(TeacherKdSettings.ALPHA, "method.modality-teachers.alpha=[-1]");
        assertKey(TeacherKdSettings.ALPHA, "method.modality-teachers.alpha=0.5");
        assertKey(TeacherKdSettings.ALPHA, "method.modality-teachers.alpha=[1, -2, 1]");
        assertKey(TeacherKdSettings.ALPHA, "method.modality-teachers.alpha=[lots]");
        assertKey(TeacherKdSettings.TEMPERATURE, "method.modality-teachers.temperature=0");
    }

    private static io.mmanet.networks.method.Method m() {
        return Methods.get("modality-teachers");
    }

    private static void assertKey(String key, String set) {
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> MethodSettings.fromConfig(MmanetConfig.load(null, List.of(set))));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    /**
     * Inside the student's graph, teacher m gives exactly the logits its own SF network gives on
     * modality m alone (segmentation: the decoder's stage-1 skip of the other modalities is zeros
     * too), and a training step changes no teacher parameter.
     */
    @ParameterizedTest
    @ValueSource(strings = {"classification", "segmentation"})
    void teachersAreCopiedInFrozenAndSeeOnlyTheirModality(String task) {
        boolean segmentation = task.equals(SegmentationTask.NAME);
        NetworkSpec spec = segmentation ? SegmentationProblem.spec(DataType.FLOAT) : TinyNetworks.tiny(DataType.FLOAT);
        Modalities mods = spec.modalities();
        Random r = new Random(5);
        List<ComputationGraph> teachers = new ArrayList<>();
        for (int m = 0; m < mods.size(); m++) {
            ComputationGraph t = TrainingGraphs.teacher(spec);
            INDArray noise = Nd4j.rand(DataType.FLOAT, 1, t.numParams()).subi(0.5).muli(0.1 * (m + 1));
            t.setParams(t.params().add(noise)); // different teachers
            teachers.add(t);
        }
        Method method = Methods.get("modality-teachers");
        assertTrue(method.tasks().contains(task));
        MethodSettings settings = MethodSettings.paperDefaults(method);
        ComputationGraph g = TrainingGraphs.forMethod(spec, settings, teachers, TrainingGraphs.Options.defaults());
        BatchAssembler a = new BatchAssembler(spec, method);
        float[][][] px;
        int[] labels;
        if (segmentation) {
            SegmentationProblem p = new SegmentationProblem(spec, 5).generate(6);
            px = p.pixels;
            labels = p.labels;
        } else {
            px = TinyNetworks.randomPixels(spec, 6, r);
            labels = TinyNetworks.randomLabels(6, 2, r);
        }
        MultiDataSet mds = a.assemble(px, labels, a.drawCombinations(px, r), null, true);
        String logits = segmentation ? "seg_logits" : GraphNames.LOGITS;
        INDArray gate = mds.getLabels(1);
        if (segmentation) {
            // kd_out's label is 1 on every labelled pixel, 0 on the ignore label, in each of its (M+1)C channels.
            long channels = (long) (mods.size() + 1) * spec.numClasses();
            long labelled = java.util.Arrays.stream(labels).filter(y -> y != SegmentationProblem.IGNORE).count();
            assertArrayEquals(new long[] {6, channels, 32, 32}, gate.shape());
            assertEquals(labelled * channels, gate.sumNumber().longValue());
            assertEquals(0.0, gate.getDouble(0, channels - 1, 0, 0), "the border is ignored");
            assertArrayEquals(gate.shape(), mds.getLabelsMaskArray(1).shape());
        } else {
            assertEquals(Nd4j.ones(DataType.FLOAT, 6, 1), gate);
        }
        Map<String, INDArray> acts = g.feedForward(mds.getFeatures(), false);
        Map<String, INDArray> teacherParamsBefore = new java.util.HashMap<>();
        for (int m = 0; m < mods.size(); m++) {
            String prefix = ModalityTeacherDistillation.prefix(mods.get(m).name());
            ModalityCombination only = ModalityCombination.ofBits(1 << m, mods);
            INDArray own = teachers.get(m).feedForward(a.inferenceInputs(px, only), false).get(logits);
            INDArray inStudentGraph = acts.get(prefix + logits);
            assertTrue(own.equalsWithEps(inStudentGraph, 1e-5), mods.get(m) + ": " + own + " vs " + inStudentGraph);
            for (String other : mods.names()) {
                if (!other.equals(mods.get(m).name())) {
                    assertFalse(g.getConfiguration().getVertices().containsKey(prefix + "enc_" + other + "_stem_conv"),
                            "teacher " + mods.get(m) + " runs no other encoder");
                }
            }
            teacherParamsBefore.put(prefix, g.getLayer(prefix + logits).params().dup());
        }
        INDArray studentBefore = g.getLayer(logits).params().dup();
        g.fit(mds);
        assertTrue(Double.isFinite(g.score()));
        assertNotEquals(studentBefore, g.getLayer(logits).params(), "the student learns");
        teacherParamsBefore.forEach((prefix, before) ->
                assertEquals(before, g.getLayer(prefix + logits).params(), prefix + " stays frozen"));
        assertThrows(IllegalArgumentException.class, () -> TrainingGraphs.forMethod(spec, settings, teachers.get(0)),
                "one teacher for a per-modality method is refused");
    }
}
