package io.mmanet.networks.train;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.testing.TinyNetworks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Opt-in step-time benchmark (not part of the default suite): SF-MD vs MAD vs MMANet training
 * steps, best of several rounds, interleaved. Run with
 * {@code MMANET_BENCH=1 [MMANET_BENCH_SHAPE=paper] [MMANET_BENCH_BATCH=8] mvn -o -pl dl4j-networks test -Dtest=StepTimeBenchmark}.
 */
@EnabledIfEnvironmentVariable(named = "MMANET_BENCH", matches = "1")
class StepTimeBenchmark {

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Test
    void stepTimes() {
        boolean paper = env("MMANET_BENCH_SHAPE", "small").equals("paper");
        int batch = Integer.parseInt(env("MMANET_BENCH_BATCH", paper ? "8" : "32"));
        int rounds = Integer.parseInt(env("MMANET_BENCH_ROUNDS", paper ? "2" : "6"));
        int stepsPerRound = paper ? 2 : 5;
        NetworkSpec.Builder b = NetworkSpec.builder(Modalities.rgbDepthIr());
        if (!paper) {
            b.input(32, 32).stemWidth(8).stageWidths(8, 16, 32, 64).blocksPerStage(1, 1, 1, 1).seReduction(4);
        }
        NetworkSpec spec = b.build();
        ComputationGraph teacher = TrainingGraphs.teacher(spec);
        Random r = new Random(1);
        Set<ModalityCombination> weak = Set.copyOf(ModalityCombination.parse("rgb+ir", spec.modalities()).subsets());
        Method[] methods = {Methods.get("sf-md"), Methods.get("mad"), Methods.get("mmanet")};
        ComputationGraph[] graphs = new ComputationGraph[methods.length];
        List<List<MultiDataSet>> data = new ArrayList<>();
        for (int k = 0; k < methods.length; k++) {
            graphs[k] = TrainingGraphs.forMethod(spec, MethodSettings.paperDefaults(methods[k]), teacher);
            BatchAssembler a = new BatchAssembler(spec, methods[k]);
            List<MultiDataSet> d = new ArrayList<>();
            for (int i = 0; i < stepsPerRound; i++) {
                float[][][] px = TinyNetworks.randomPixels(spec, batch, r);
                d.add(a.assemble(px, TinyNetworks.randomLabels(batch, 2, r), a.drawCombinations(px, r), weak, true));
            }
            data.add(d);
            graphs[k].fit(d.get(0)); // warm-up: SameDiff graph creation, workspaces
        }
        double[] best = new double[methods.length];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < methods.length; k++) {
                long t = System.nanoTime();
                for (MultiDataSet mds : data.get(k)) {
                    graphs[k].fit(mds);
                }
                best[k] = Math.min(best[k], (System.nanoTime() - t) / 1e6 / stepsPerRound);
            }
        }
        for (int k = 0; k < methods.length; k++) {
            LoggerFactory.getLogger(StepTimeBenchmark.class).info("{} shape, batch {}: {} best {} ms/step, {}x SF-MD",
                    paper ? "paper" : "small", batch, methods[k], String.format("%.1f", best[k]),
                    String.format("%.2f", best[k] / best[0]));
        }
    }
}
