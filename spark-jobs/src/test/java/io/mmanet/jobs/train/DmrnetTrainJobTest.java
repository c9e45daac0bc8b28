package io.mmanet.jobs.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.export.ModelExport;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.LogCapture;
import io.mmanet.jobs.testing.TinyCorpus;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.method.Methods;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DMRNet through the real Spark job (local[2]): the driver measures the per-combination mean
 * sigma^2 after every epoch, records it on the mining epochs (checkpointed method state), fixes
 * the hard set at the end of warm-up and broadcasts it; a run resumed after warm-up ends with the
 * same state, hard set and parameters as an uninterrupted one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DmrnetTrainJobTest {
    private static final String KEY = "dmrnet.variance-bank";

    Path dir;
    CorpusInfo corpus;
    TrainJob.Result uninterrupted;
    List<String> log;

    private static Config cfg(String... extra) {
        List<String> sets = new ArrayList<>(List.of("method.warmup-epochs=2", "method.mining-epochs=[1, 2]"));
        sets.addAll(List.of(extra));
        return MmanetConfig.load(null, TinyCorpus.config(sets.toArray(new String[0])));
    }

    private TrainJob.Request dmrnet(String run, boolean resume) {
        return new TrainJob.Request("deployment", Methods.get("dmrnet"), null, corpus.uri(),
                dir.resolve(run).toUri().toString(), null, resume);
    }

    @BeforeAll
    void uninterruptedRun(@TempDir Path tmp) throws Exception {
        dir = tmp;
        corpus = TinyCorpus.write(LocalSpark.session(), dir.resolve("data"), 32, 16, 16);
        try (LogCapture capture = new LogCapture(Class.forName("io.mmanet.methods.dmrnet.HardCombinationMining"))) {
            uninterrupted = TrainJob.run(LocalSpark.session(), cfg(), dmrnet("dmrnet", false), corpus);
            log = capture.lines();
        }
    }

    @Test
    void hardSetIsTheLargestVarianceBimodalCombinationAndItsSubsets() {
        JsonNode bank = uninterrupted.state().methodState.get(KEY);
        assertNotNull(bank, "variance bank checkpointed: " + uninterrupted.state().methodState.keySet());
        assertEquals(2, bank.get("epochs").size(), "mining epochs 1 and 2 recorded");
        Modalities mods = Modalities.rgbDepthIr();
        ModalityCombination hardest = null;
        double best = Double.NEGATIVE_INFINITY;
        for (String c : List.of("rgb+depth", "rgb+ir", "depth+ir")) {
            double mean = 0;
            for (JsonNode e : bank.get("epochs")) {
                double v = e.get("meanVariance").get(c).asDouble();
                assertTrue(v > 0 && Double.isFinite(v), c + ": " + v);
                mean += v / 2;
            }
            if (mean > best) {
                best = mean;
                hardest = ModalityCombination.parse(c, mods);
            }
        }
        List<String> expected = new ArrayList<>();
        hardest.subsets().forEach(s -> expected.add(s.toString()));
        assertEquals(expected.size(), 3);
        assertEquals(expected.stream().sorted().toList(), uninterrupted.state().weakSet.stream().sorted().toList());
        List<String> stored = new ArrayList<>();
        bank.get("hardSet").forEach(n -> stored.add(n.asText()));
        assertEquals(uninterrupted.state().weakSet, stored);
        for (int epoch = 1; epoch <= 3; epoch++) {
            String prefix = "DMRNet after epoch " + epoch + ": mean sigma^2";
            assertTrue(log.stream().anyMatch(l -> l.contains(prefix) && l.contains("rgb+depth+ir=")), prefix + ": " + log);
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("hard set fixed at the end of warm-up (epoch 2)")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("DMRNet epoch 3: hard-combination regularizer on")), log.toString());
        assertTrue(uninterrupted.state().history.stream().allMatch(e -> Double.isFinite(e.score())));
    }

    @Test
    void resumeAfterWarmupGivesTheUninterruptedStateAndModel() throws Exception {
        TrainJob.run(LocalSpark.session(), cfg("train.epochs=2"), dmrnet("resumed", false), corpus);
        TrainJob.Result resumed = TrainJob.run(LocalSpark.session(), cfg(), dmrnet("resumed", true), corpus);
        assertEquals(3, resumed.state().completedEpochs);
        assertEquals(uninterrupted.state().weakSet, resumed.state().weakSet);
        assertEquals(uninterrupted.state().methodState, resumed.state().methodState);
        ComputationGraph a = ModelExport.read(uninterrupted.runDir(), new Configuration()).graph();
        ComputationGraph b = ModelExport.read(resumed.runDir(), new Configuration()).graph();
        double diff = a.params().sub(b.params()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "max |param difference| " + diff);
    }

    @Test
    void aConfiguredHardSetIsUsedWithoutMining() throws Exception {
        TrainJob.Result fixed = TrainJob.run(LocalSpark.session(), cfg("train.epochs=2",
                "method.warmup-epochs=1", "method.mining-epochs=[1]",
                "method.dmrnet.hard-combinations=[\"depth\", \"rgb+depth\"]"), dmrnet("fixed", false), corpus);
        assertEquals(List.of("depth", "rgb+depth"), fixed.state().weakSet);
        assertEquals(0, fixed.state().methodState.get(KEY).get("epochs").size(), "no mining when fixed");
    }
}
