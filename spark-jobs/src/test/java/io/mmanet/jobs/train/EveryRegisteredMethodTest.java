package io.mmanet.jobs.train;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.eval.EvalJob;
import io.mmanet.jobs.export.ModelExport;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyCorpus;
import io.mmanet.jobs.testing.TinySegmentationCorpus;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.method.TeacherNeed;
import io.mmanet.networks.metrics.ModelMetrics;
import io.mmanet.tasks.segmentation.SegmentationTask;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every registered method x every task it supports, through the real Spark jobs (local[2]):
 * builds its training graph, trains two steps (one worker step in warm-up, one after it, so
 * distillation, MAR and the epoch hooks all run), exports the deployment model, and evaluates
 * it on every combination. A method or task added to a registry is tested here on arrival.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryRegisteredMethodTest {
    Path dir;
    /** Per task: its corpus (written on first use). */
    final Map<String, CorpusInfo> corpora = new HashMap<>();
    /** Teacher runs by task and combination, each trained once (SF on it) when a method first needs it. */
    final Map<String, String> teacherRuns = new HashMap<>();

    static Stream<Arguments> methodsAndTasks() {
        List<Arguments> out = new ArrayList<>();
        for (Method m : Methods.all()) {
            for (String task : m.tasks()) {
                out.add(Arguments.of(m.name(), task));
            }
        }
        return out.stream();
    }

    /** Two epochs of one step per worker (16 train rows, 2 workers, batch 8); warm-up 1, mining after it. */
    private static Config cfg(String task) {
        String[] schedule = {"train.epochs=2", "method.warmup-epochs=1", "method.mining-epochs=[1]",
                "train.averaging-frequency=1"};
        return MmanetConfig.load(null, task.equals(SegmentationTask.NAME) ? TinySegmentationCorpus.config(schedule)
                : TinyCorpus.config(concat(schedule, "model.task=" + task)));
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }

    @BeforeAll
    void tempDir(@TempDir Path tmp) {
        dir = tmp;
    }

    /** The task's corpus (classification: tiny RGB/Depth/IR; segmentation: generated RGB-D scenes). */
    private CorpusInfo corpus(String task) throws Exception {
        if (!corpora.containsKey(task)) {
            Path root = dir.resolve("corpus-" + task);
            corpora.put(task, task.equals(SegmentationTask.NAME) ? TinySegmentationCorpus.write(LocalSpark.session(), root)
                    : TinyCorpus.write(LocalSpark.session(), root.resolve("data"), 16, 16, 16));
        }
        return corpora.get(task);
    }

    /** The run of the task's teacher of {@code c} (SF on it, as {@code train --role teacher --combination c}). */
    private String teacherRun(String task, ModalityCombination c) throws Exception {
        String key = task + "/" + c;
        String run = teacherRuns.get(key);
        if (run == null) {
            run = dir.resolve("teacher-" + task + "-" + c.toString().replace('+', '-')).toUri().toString();
            boolean full = c.equals(ModalityCombination.full(c.modalities()));
            CorpusInfo corpus = corpus(task);
            TrainJob.run(LocalSpark.session(), cfg(task), new TrainJob.Request("teacher",
                    null, full ? null : c.toString(), corpus.uri(), run, null, false), corpus);
            teacherRuns.put(key, run);
        }
        return run;
    }

    /** What the method distils from, following its TeacherNeed: one --teacher, or one per combination. */
    private TrainJob.Request request(String task, Method method, String combination, String run, Modalities mods)
            throws Exception {
        List<ModalityCombination> needed = method.teachers().combinations(mods);
        String single = null;
        Map<String, String> named = new HashMap<>();
        if (method.teachers() == TeacherNeed.FULL_MODALITY) {
            single = teacherRun(task, needed.get(0));
        } else {
            for (ModalityCombination c : needed) {
                named.put(c.toString(), teacherRun(task, c));
            }
        }
        return new TrainJob.Request("deployment", method, combination, corpus(task).uri(), run, single, false, named);
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("methodsAndTasks")
    void buildsTrainsTwoStepsExportsAndEvaluatesEveryCombination(String name, String task) throws Exception {
        Method method = Methods.get(name);
        CorpusInfo corpus = corpus(task);
        Modalities mods = new Modalities(corpus.modalities());
        // A one-combination method (SF) is a family of models, one per combination; together they
        // are evaluated on every combination, each model on its own.
        List<String> combinations = new ArrayList<>();
        if (method.trainsOneCombination()) {
            ModalityCombination.all(mods).forEach(c -> combinations.add(c.toString()));
        } else {
            combinations.add(null);
        }
        List<String> runs = new ArrayList<>();
        for (String combination : combinations) {
            String run = dir.resolve("runs").resolve(name + "-" + task)
                    .resolve(combination == null ? "model" : combination).toUri().toString();
            TrainJob.Result r = TrainJob.run(LocalSpark.session(), cfg(task), request(task, method, combination, run, mods),
                    corpus);
            assertEquals(2, r.state().completedEpochs);
            assertEquals(2, r.state().history.size());
            for (var e : r.state().history) {
                assertEquals(16, e.samples(), name + ": one step of 8 on each of 2 workers per epoch");
                assertTrue(Double.isFinite(e.score()), name + ": finite loss");
            }
            assertEquals(16, r.state().trainRows);
            assertEquals(method.teachers().combinations(mods).size(), r.state().teacherRows.size(), name);
            if (task.equals(SegmentationTask.NAME) && name.equals("mmanet")) {
                // MAR mining ranked the (M-1)-combinations by per-pixel mIoU: for M = 2, one modality (spec 3.6).
                assertEquals(1, r.state().weakSet.size(), name + ": weak set " + r.state().weakSet);
            }
            assertEquals(name, ModelExport.read(run, new Configuration()).card().method);
            runs.add(run);
        }

        EvalJob.Result ev = EvalJob.run(LocalSpark.session(), runs, corpus.uri(), "test",
                dir.resolve("eval").resolve(name + "-" + task).toString(), 16);
        assertEquals(1, ev.report().models().size());
        ModelMetrics mm = ev.report().models().get(0);
        assertEquals(ModalityCombination.all(mods).size(), mm.perCombination().size(), "every combination evaluated");
        for (ModalityCombination c : ModalityCombination.all(mods)) {
            assertNotNull(mm.combination(c.toString()), c.toString());
        }
        assertTrue(Double.isFinite(mm.meanError()));
        if (task.equals(SegmentationTask.NAME)) {
            // Counted per labelled pixel: prep's count of the test split's labelled pixels, per combination.
            long labelled = java.util.Arrays.stream(io.mmanet.prep.manifest.Manifest.read(corpus.uri(), new Configuration())
                    .classPixels.get("test")).sum();
            for (ModalityCombination c : ModalityCombination.all(mods)) {
                assertEquals(labelled, mm.combination(c.toString()).n(), c + ": one count per labelled pixel");
                var t = ev.report().taskMetrics(mm.model(), c.toString());
                assertNotNull(t, c + ": segmentation metrics");
                assertTrue(t.values().get("miou") >= 0 && t.values().get("miou") <= 1, c + ": mIoU " + t.values());
                assertTrue(t.values().get("pixel_accuracy") >= 0 && t.values().get("pixel_accuracy") <= 1);
                assertEquals(corpus.classNames().size(), t.perClass().get("iou").length);
            }
            assertTrue(ev.report().markdown().contains("| combination | miou | pixel_accuracy |"));
        } else {
            assertTrue(ev.report().taskMetrics(mm.model()).isEmpty());
        }
    }
}
