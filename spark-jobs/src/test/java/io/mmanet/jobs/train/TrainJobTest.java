package io.mmanet.jobs.train;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.checkpoint.Checkpoint;
import io.mmanet.jobs.checkpoint.CheckpointStore;
import io.mmanet.jobs.export.ModelExport;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.LogCapture;
import io.mmanet.jobs.testing.TinyCorpus;
import io.mmanet.methods.mmanet.MarMining;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.Methods;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Spark local[2] training of the teacher and MMANet on a tiny corpus whose weakest bimodal
 * combination is known (rgb+ir: depth carries the label): MAR mining, resume, corrupt-checkpoint
 * fallback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainJobTest {

    Path dir;
    CorpusInfo corpus;
    String teacherRun;
    TrainJob.Result uninterrupted;
    List<String> marLog;

    private Config cfg(String... extra) {
        return MmanetConfig.load(null, TinyCorpus.config(extra));
    }

    private TrainJob.Request mmanet(String run, boolean resume) {
        return new TrainJob.Request("deployment", Methods.get("mmanet"), null, corpus.uri(), dir.resolve(run).toUri().toString(),
                teacherRun, resume);
    }

    @BeforeAll
    void trainTeacherAndUninterruptedMmanet(@TempDir Path tmp) throws Exception {
        dir = tmp;
        corpus = TinyCorpus.write(LocalSpark.session(), dir.resolve("data"), 96, 48, 16);
        teacherRun = dir.resolve("teacher").toUri().toString();
        TrainJob.run(LocalSpark.session(), cfg("train.epochs=2"),
                new TrainJob.Request("teacher", null, null, corpus.uri(), teacherRun, null, false), corpus);
        try (LogCapture log = new LogCapture(MarMining.class)) {
            uninterrupted = TrainJob.run(LocalSpark.session(), cfg(), mmanet("mmanet", false), corpus);
            marLog = log.lines();
        }
    }

    @Test
    void teacherRunExportsADeploymentModelWithItsCard() throws Exception {
        ModelExport.Exported t = ModelExport.read(teacherRun, new Configuration());
        assertEquals("teacher", t.card().role);
        assertEquals(List.of("in_rgb", "in_depth", "in_ir", "mask"), t.card().inputs);
        assertEquals(8, t.card().inputHeight);
        assertEquals(2, t.card().epochs);
    }

    @Test
    void marPicksTheWeakestBimodalCombinationAndItsSubsetsEverywhereTheSame() throws Exception {
        List<String> expected = List.of("rgb", "ir", "rgb+ir");
        assertEquals(expected, uninterrupted.state().weakSet, "weak set in the final state");
        Checkpoint cp = new CheckpointStore(uninterrupted.runDir(), new Configuration(), 3).loadLatest().orElseThrow();
        assertEquals(expected, cp.state().weakSet, "weak set in the checkpoint");
        String persisted = Files.readString(dir.resolve("mmanet/mar/weak-set.json"));
        assertTrue(persisted.contains("\"weak_combination\" : \"rgb+ir\""), persisted);
        assertTrue(marLog.stream().anyMatch(l -> l.contains("W = " + expected)), "log: " + marLog);
        assertEquals(expected, ModelExport.read(uninterrupted.runDir(), new Configuration()).card().weakSet);

        // What the workers read: a batch built from the broadcast masks exactly the weak-set samples.
        Config c = cfg();
        NetworkSpec spec = NetworkSpec.fromConfig(c);
        BatchAssembler assembler = new BatchAssembler(spec, Methods.get("mmanet"));
        Broadcast<String[]> bc = LocalSpark.jsc().broadcast(cp.state().weakSet.toArray(new String[0]));
        List<io.mmanet.jobs.input.DecodedSample> samples = new ArrayList<>();
        Random r = new Random(1);
        for (int i = 0; i < 64; i++) {
            float[][] px = {new float[3 * 64], new float[64], new float[64]};
            samples.add(new io.mmanet.jobs.input.DecodedSample("s" + i, i % 2, px));
        }
        MultiDataSet mds = new MethodBatchBuilder(spec, assembler, bc, 3, true).build(samples, r);
        Set<ModalityCombination> w = Set.of(ModalityCombination.parse("rgb", spec.modalities()),
                ModalityCombination.parse("ir", spec.modalities()), ModalityCombination.parse("rgb+ir", spec.modalities()));
        int inWeak = 0;
        for (int i = 0; i < 64; i++) {
            float[] mask = mds.getFeatures(3).getRow(i).toFloatVector();
            boolean weak = w.contains(ModalityCombination.fromMask(mask, spec.modalities()));
            inWeak += weak ? 1 : 0;
            assertEquals(weak ? 1f : 0f, mds.getLabelsMaskArray(2).getFloat(i, 0), "sample " + i + " " + Arrays.toString(mask));
        }
        assertTrue(inWeak > 0 && inWeak < 64);

        // The regularization head's loss is zero when no sample of the batch is in the weak set.
        ComputationGraph g = cp.graph();
        float[][][] pixels = new float[8][][];
        int[] labels = new int[8];
        ModalityCombination[] full = new ModalityCombination[8];
        ModalityCombination[] weakest = new ModalityCombination[8];
        for (int i = 0; i < 8; i++) {
            pixels[i] = samples.get(i).pixels();
            labels[i] = i % 2;
            full[i] = ModalityCombination.full(spec.modalities());
            weakest[i] = ModalityCombination.parse("rgb+ir", spec.modalities());
        }
        Map<String, Double> outside = LossTerms.measure(g, assembler.assemble(pixels, labels, full, w, true));
        Map<String, Double> inside = LossTerms.measure(g, assembler.assemble(pixels, labels, weakest, w, true));
        assertEquals(0.0, outside.get(GraphNames.MAR_OUT), 1e-9);
        assertTrue(inside.get(GraphNames.MAR_OUT) > 1e-3, "MAR loss on weak samples: " + inside);
    }

    @Test
    void resumeAndCorruptCheckpointFallbackBothGiveTheUninterruptedModel() throws Exception {
        // One run stopped after epoch 2 (its checkpoints are complete), copied to a second run dir.
        TrainJob.run(LocalSpark.session(), cfg("train.epochs=2"), mmanet("resumed", false), corpus);
        copyTree(dir.resolve("resumed"), dir.resolve("corrupt"));

        TrainJob.Result resumed = TrainJob.run(LocalSpark.session(), cfg(), mmanet("resumed", true), corpus);
        assertEquals(3, resumed.state().completedEpochs);
        assertEquals(uninterrupted.state().weakSet, resumed.state().weakSet);
        assertSameParams(resumed);

        // The latest checkpoint of the copy is corrupt: --resume falls back to epoch 1 with a WARN,
        // re-trains epochs 2 and 3 (mining included) and still ends with the same model.
        Path model = dir.resolve("corrupt/checkpoints/epoch-00002/model.zip");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, Arrays.copyOf(bytes, bytes.length / 2));
        TrainJob.Result fallback;
        try (LogCapture log = new LogCapture(CheckpointStore.class)) {
            fallback = TrainJob.run(LocalSpark.session(), cfg(), mmanet("corrupt", true), corpus);
            assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("WARN") && l.contains("epoch-00002")
                    && l.contains("falling back")), "warning: " + log.lines());
        }
        assertEquals(3, fallback.state().completedEpochs);
        assertEquals(uninterrupted.state().weakSet, fallback.state().weakSet);
        assertSameParams(fallback);
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void evalWritesEveryCombinationForEveryModelAndUpdatesTheCards() throws Exception {
        String out = dir.resolve("report").toUri().toString();
        io.mmanet.jobs.eval.EvalJob.Result r = io.mmanet.jobs.eval.EvalJob.run(LocalSpark.session(),
                List.of(teacherRun, uninterrupted.runDir()), corpus.uri(), "test", out, 5);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("report/metrics.json").toFile());
        assertEquals(2, json.get("models").size());
        assertEquals("teacher", json.get("models").get(0).get("model").asText());
        assertEquals("mmanet", json.get("models").get(1).get("model").asText());
        for (com.fasterxml.jackson.databind.JsonNode m : json.get("models")) {
            assertEquals(7, m.get("combinations").size());
            for (com.fasterxml.jackson.databind.JsonNode c : m.get("combinations")) {
                assertEquals(16, c.get("n").asInt());
                assertTrue(c.has("acer") && c.has("apcer") && c.has("bpcer") && c.has("accuracy"));
            }
            assertTrue(m.get("mean").has("acer"));
        }
        assertTrue(Files.readString(dir.resolve("report/report.md")).contains("| rgb+depth+ir | 16 |"));
        assertTrue(Files.readString(dir.resolve("report/report.html")).contains("<svg"));
        double mean = r.report().models().get(1).meanError();
        assertEquals(mean, ModelExport.read(uninterrupted.runDir(), new Configuration()).card().metrics
                .get("test_mean_error"), 1e-12);
    }

    private void assertSameParams(TrainJob.Result other) throws Exception {
        ComputationGraph a = ModelExport.read(uninterrupted.runDir(), new Configuration()).graph();
        ComputationGraph b = ModelExport.read(other.runDir(), new Configuration()).graph();
        double diff = a.params().sub(b.params()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "max |param difference| " + diff);
    }
}
