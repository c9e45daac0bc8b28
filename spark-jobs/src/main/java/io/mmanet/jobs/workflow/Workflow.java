package io.mmanet.jobs.workflow;

import com.typesafe.config.Config;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.train.RunConfig;
import io.mmanet.jobs.train.TrainJob;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.TeacherNeed;
import io.mmanet.prep.generate.CorpusGenerator;
import io.mmanet.prep.manifest.Manifest;
import io.mmanet.prep.shard.PrepJob;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one workflow behind the demo, the ablation runner and scheduled retraining:
 * generate / prep, then the full-modality teacher once when a method distils from it, then every
 * method (a per-modality-teacher method trains its teachers inside its own run; a
 * one-combination method such as SF as one model per combination), then evaluation. Each caller
 * keeps only what is its own: the demo its table, the ablation its seeds and paper table, the
 * pipeline its staged, resumable bookkeeping (it trains through {@link #teacher} and
 * {@link #method}).
 *
 * <p>Layout under a runs directory: {@code teacher/}, {@code <method>/} and, for a
 * one-combination method, {@code <method>/<combination>/}.
 */
public final class Workflow {

    private Workflow() {
    }

    /** Where progress lines go (the caller's prefix and clock). */
    public interface Steps {
        void step(String what);
    }

    /** The models a set of methods trained: run directories in training order, by method. */
    public record Trained(String teacher, Map<Method, List<String>> runs, Map<Method, List<String>> weakSets) {
        /** Every model's run directory, in training order. */
        public List<String> models() {
            List<String> all = new ArrayList<>();
            runs.values().forEach(all::addAll);
            return all;
        }
    }

    /**
     * Generates the synthetic corpus into {@code root/corpus} and preps it into {@code root/data}
     * unless they are already there; returns the data URI.
     */
    public static String generatedData(SparkSession spark, Config cfg, java.nio.file.Path root, Steps steps)
            throws IOException {
        java.nio.file.Path corpus = root.resolve("corpus");
        java.nio.file.Path data = root.resolve("data");
        if (Files.exists(corpus.resolve("train_list.txt"))) {
            steps.step("reusing the corpus in " + corpus);
        } else {
            steps.step("generating a synthetic corpus in " + corpus);
            if (io.mmanet.prep.corpus.CorpusSettings.fromConfig(cfg).segmentation()) {
                io.mmanet.prep.generate.SceneGenerator.generate(cfg, corpus); // RGB-D scenes, per-pixel labels
            } else {
                CorpusGenerator.generate(cfg, corpus);
            }
        }
        if (Files.exists(data.resolve(Manifest.FILE_NAME))) {
            steps.step("reusing the prepared shards in " + data);
        } else {
            steps.step("preparing Parquet shards in " + data);
            PrepJob.run(spark, cfg, corpus.toUri().toString(), data.toUri().toString(), true);
        }
        return data.toUri().toString();
    }

    /** Trains the teacher once if a method needs it, then every method, in order. */
    public static Trained train(SparkSession spark, RunConfig cfg, String dataUri, CorpusInfo corpus, String runsDir,
                                List<Method> methods, Steps steps) throws IOException {
        String teacher = null;
        // The full-modality teacher is shared; a per-modality method trains its own teachers in its run.
        if (methods.stream().anyMatch(m -> m.teachers() == TeacherNeed.FULL_MODALITY)) {
            teacher = child(runsDir, "teacher");
            steps.step("training the teacher (SF on every modality)");
            teacher(spark, cfg, dataUri, corpus, teacher, false);
        }
        Map<Method, List<String>> runs = new LinkedHashMap<>();
        Map<Method, List<String>> weakSets = new LinkedHashMap<>();
        for (Method m : methods) {
            List<String> dirs = new ArrayList<>();
            if (m.trainsOneCombination()) {
                for (ModalityCombination c : ModalityCombination.all(cfg.network().modalities())) {
                    steps.step("training " + m.column() + " on " + c);
                    String dir = child(child(runsDir, m.name()), c.toString());
                    method(spark, cfg, m, c.toString(), dataUri, corpus, dir, teacher, false);
                    dirs.add(dir);
                }
            } else {
                steps.step("training " + m.column() + " (" + m.summary() + ")");
                String dir = child(runsDir, m.name());
                TrainJob.Result r = method(spark, cfg, m, null, dataUri, corpus, dir, teacher, false);
                if (!r.state().weakSet.isEmpty()) {
                    weakSets.put(m, List.copyOf(r.state().weakSet));
                }
                dirs.add(dir);
            }
            runs.put(m, dirs);
        }
        return new Trained(teacher, runs, weakSets);
    }

    /** The teacher: SF on every modality, on the complete rows. */
    public static TrainJob.Result teacher(SparkSession spark, RunConfig cfg, String dataUri, CorpusInfo corpus,
                                         String runDir, boolean resume) throws IOException {
        return TrainJob.run(spark, cfg, new TrainJob.Request("teacher", null, null, dataUri, runDir, null, resume),
                corpus);
    }

    /** One deployment model of {@code method} ({@code combination} only for a one-combination method). */
    public static TrainJob.Result method(SparkSession spark, RunConfig cfg, Method method, String combination,
                                        String dataUri, CorpusInfo corpus, String runDir, String teacher,
                                        boolean resume) throws IOException {
        return TrainJob.run(spark, cfg, new TrainJob.Request("deployment", method, combination, dataUri, runDir,
                method.teachers() == TeacherNeed.FULL_MODALITY ? teacher : null, resume), corpus);
    }

    /** {@code parent/name} as a URI string (a local path becomes a {@code file:} URI). */
    public static String child(String parent, String name) {
        String base = parent.contains(":") ? parent
                : java.nio.file.Path.of(parent).toAbsolutePath().normalize().toUri().toString();
        return new Path(base, name).toString();
    }
}
