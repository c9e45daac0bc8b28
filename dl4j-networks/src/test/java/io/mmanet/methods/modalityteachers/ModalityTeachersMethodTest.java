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
import io.mmanet.networks.testing.TinyNetworks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
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
     * modality m alone, and a training step changes no teacher parameter.
     */
    @Test
    void teachersAreCopiedInFrozenAndSeeOnlyTheirModality() {
        NetworkSpec spec = TinyNetworks.tiny(DataType.FLOAT);
        Modalities mods = spec.modalities();
        Random r = new Random(5);
        List<ComputationGraph> teachers = new ArrayList<>();
        for (int m = 0; m < mods.size(); m++) {
            ComputationGraph t = TrainingGraphs.teacher(spec);
            INDArray noise = Nd4j.rand(DataType.FLOAT, 1, t.numParams()).subi(0.5).muli(0.1 * (m + 1));
            t.setParams(t.params().add(noise)); // three different teachers
            teachers.add(t);
        }
        Method method = Methods.get("modality-teachers");
        MethodSettings settings = MethodSettings.paperDefaults(method);
        ComputationGraph g = TrainingGraphs.forMethod(spec, settings, teachers, TrainingGraphs.Options.defaults());
        BatchAssembler a = new BatchAssembler(spec, method);
        float[][][] px = TinyNetworks.randomPixels(spec, 6, r);
        MultiDataSet mds = a.assemble(px, TinyNetworks.randomLabels(6, 2, r), a.drawCombinations(px, r), null, true);
        Map<String, INDArray> acts = g.feedForward(mds.getFeatures(), false);
        Map<String, INDArray> teacherParamsBefore = new java.util.HashMap<>();
        for (int m = 0; m < mods.size(); m++) {
            String prefix = ModalityTeacherDistillation.prefix(mods.get(m).name());
            ModalityCombination only = ModalityCombination.ofBits(1 << m, mods);
            INDArray own = teachers.get(m).feedForward(a.inferenceInputs(px, only), false).get(GraphNames.LOGITS);
            INDArray inStudentGraph = acts.get(prefix + GraphNames.LOGITS);
            assertTrue(own.equalsWithEps(inStudentGraph, 1e-5), mods.get(m) + ": " + own + " vs " + inStudentGraph);
            for (String other : mods.names()) {
                if (!other.equals(mods.get(m).name())) {
                    assertFalse(g.getConfiguration().getVertices().containsKey(prefix + "enc_" + other + "_stem_conv"),
                            "teacher " + mods.get(m) + " runs no other encoder");
                }
            }
            teacherParamsBefore.put(prefix, g.getLayer(prefix + GraphNames.LOGITS).params().dup());
        }
        INDArray studentBefore = g.getLayer(GraphNames.LOGITS).params().dup();
        g.fit(mds);
        assertTrue(Double.isFinite(g.score()));
        assertNotEquals(studentBefore, g.getLayer(GraphNames.LOGITS).params(), "the student learns");
        teacherParamsBefore.forEach((prefix, before) ->
                assertEquals(before, g.getLayer(prefix + GraphNames.LOGITS).params(), prefix + " stays frozen"));
        assertThrows(IllegalArgumentException.class, () -> TrainingGraphs.forMethod(spec, settings, teachers.get(0)),
                "one teacher for a per-modality method is refused");
    }
}
