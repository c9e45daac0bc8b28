package io.mmanet.networks.graph;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.method.OptimizerSettings;
import io.mmanet.networks.testing.TinyNetworks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Every method the registry lists builds its graph, trains a step on assembled data and extracts its deployment network. */
class EveryMethodTest {
    private static NetworkSpec spec;
    private static ComputationGraph teacher;

    @BeforeAll
    static void teacher() {
        spec = TinyNetworks.tiny(DataType.FLOAT);
        teacher = TrainingGraphs.teacher(spec);
    }

    @ParameterizedTest
    @MethodSource("io.mmanet.networks.method.Methods#all")
    void buildsTrainsAndExtracts(Method method) {
        MethodSettings settings = MethodSettings.paperDefaults(method)
                .withOptimizer(new OptimizerSettings(0.01, 0.9, 5e-4, false, new int[0], 0.1));
        // One (untrained) SF graph for each teacher the method needs, whatever its TeacherNeed.
        List<ComputationGraph> teachers = method.teachers().combinations(spec.modalities()).stream()
                .map(c -> teacher).toList();
        ComputationGraph g = TrainingGraphs.forMethod(spec, settings, teachers, TrainingGraphs.Options.defaults());
        BatchAssembler a = new BatchAssembler(spec, method);
        assertEquals(a.inputNames(), g.getConfiguration().getNetworkInputs());
        assertEquals(a.outputNames(), g.getConfiguration().getNetworkOutputs());
        assertEquals(a.inputNames().contains(GraphNames.TEACHER_MASK), g.getConfiguration().getVertices().containsKey("t_s4_b0_relu"));
        assertEquals(a.outputNames().contains(GraphNames.MAR_OUT), g.getConfiguration().getVertices().containsKey("reg_fc"));
        Random r = new Random(Methods.names().indexOf(method.name()));
        float[][][] px = TinyNetworks.randomPixels(spec, 6, r);
        Set<ModalityCombination> weak = Set.copyOf(ModalityCombination.parse("depth+ir", spec.modalities()).subsets());
        MultiDataSet mds = a.assemble(px, TinyNetworks.randomLabels(6, 2, r), a.drawCombinations(px, r), weak, true);
        g.fit(mds);
        double first = g.score(); // training-mode loss of the batch before the first update
        for (int i = 0; i < 5; i++) {
            g.fit(mds);
        }
        assertTrue(Double.isFinite(first) && g.score() < first, method + ": loss " + first + " -> " + g.score());
        ComputationGraph deploy = TrainingGraphs.extractDeployment(g);
        assertEquals(GraphNames.deploymentInputs(spec.modalities()), deploy.getConfiguration().getNetworkInputs());
        assertArrayEquals(new long[] {6, 2}, deploy.outputSingle(a.inferenceInputs(px, ModalityCombination.full(spec.modalities()))).shape());
    }
}
