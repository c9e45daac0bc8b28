package io.mmanet.jobs.checkpoint;

import io.mmanet.jobs.testing.TinyGraphs;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.mar.MarMemoryBank;
import io.mmanet.networks.mar.WeakCombinationMiner;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    private static TrainingState state(int epoch) {
        TrainingState s = new TrainingState("deployment", "mmanet", null, 5, 42);
        s.completedEpochs = epoch;
        MarMemoryBank bank = new MarMemoryBank(Modalities.rgbDepthIr(), 1e-6);
        Map<ModalityCombination, long[]> h = new LinkedHashMap<>();
        for (ModalityCombination c : WeakCombinationMiner.candidates(Modalities.rgbDepthIr())) {
            h.put(c, c.toString().equals("rgb+ir") ? new long[] {90, 10} : new long[] {50, 50});
        }
        bank.record(2, h);
        s.marBank = bank.state();
        s.weakSet = List.of("rgb+ir", "rgb", "ir");
        s.history.add(new EpochRecord(epoch, 1.5, 64, 42.7, 0.69, 0.6, 0.01, 0.3, 1e-3));
        return s;
    }

    private static void trainOneStep(ComputationGraph g) {
        Nd4j.getRandom().setSeed(1);
        g.fit(new MultiDataSet(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 6, 4),
                Nd4j.eye(2).getRows(0, 1, 0, 1, 0, 1).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)));
    }

    @Test
    void roundTripKeepsParamsUpdaterStateAndTrainingState() throws Exception {
        ComputationGraph g = TinyGraphs.classifier(4, 2, 7);
        trainOneStep(g);
        CheckpointStore store = new CheckpointStore(dir.toUri().toString(), new Configuration(), 2);
        store.save(g, state(1));
        Checkpoint c = store.loadLatest().orElseThrow();
        assertEquals(g.params(), c.graph().params());
        assertEquals(g.getUpdater().getStateViewArray(), c.graph().getUpdater().getStateViewArray());
        assertEquals(1, c.state().completedEpochs);
        assertEquals(List.of("rgb+ir", "rgb", "ir"), c.state().weakSet);
        MarMemoryBank restored = MarMemoryBank.fromJson(new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(c.state().marBank), Modalities.rgbDepthIr());
        assertEquals("rgb+ir", restored.weakCombination().toString());
        assertEquals(42.7, c.state().history.get(0).samplesPerSecond());
    }

    @Test
    void keepsTheNewestAndNeverPicksAnUnmarkedOrCorruptCheckpoint() throws Exception {
        ComputationGraph g = TinyGraphs.classifier(4, 2, 7);
        CheckpointStore store = new CheckpointStore(dir.toUri().toString(), new Configuration(), 2);
        for (int e = 1; e <= 3; e++) {
            trainOneStep(g);
            store.save(g, state(e));
        }
        Path cps = dir.resolve("checkpoints");
        assertFalse(Files.exists(cps.resolve("epoch-00001")), "pruned beyond keep=2");
        assertTrue(Files.exists(cps.resolve("epoch-00003").resolve(CheckpointStore.COMPLETE)));

        // A half-written epoch 4: directory renamed but never marked complete.
        Files.createDirectories(cps.resolve("epoch-00004"));
        Files.writeString(cps.resolve("epoch-00004").resolve("state.json"), "{\"completedEpochs\": 4");
        assertEquals(3, store.loadLatest().orElseThrow().state().completedEpochs);

        // A corrupt latest complete checkpoint: the model zip is truncated.
        Path model = cps.resolve("epoch-00003").resolve("model.zip");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        Checkpoint fallback = store.loadLatest().orElseThrow();
        assertEquals(2, fallback.state().completedEpochs);
        assertTrue(fallback.location().endsWith("epoch-00002"));
    }

    @Test
    void emptyRunDirectoryHasNoCheckpoint() throws Exception {
        assertTrue(new CheckpointStore(dir.resolve("none").toUri().toString(), new Configuration(), 2)
                .loadLatest().isEmpty());
    }
}
