package io.mmanet.jobs.train;

import io.mmanet.config.ConfigValidationException;
import io.mmanet.jobs.export.ModelExport;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.TeacherNeed;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trained teachers a method distils from, one per combination of its {@link TeacherNeed}, in
 * that order. The full-modality teacher is shared by the methods that use it and comes from
 * {@code --teacher}. Per-modality teachers come from {@code --teacher <modality>=URI} or, when not
 * given, are trained inside the run as ordinary teacher runs ({@code <run-dir>/teachers/<modality>},
 * SF on that modality, on every row that has it: one Spark training job per teacher, one after
 * the other). With {@code --resume}, a teacher whose model is already exported is reused and a
 * half-trained one continues from its checkpoint.
 */
final class MethodTeachers {
    private static final Logger LOG = LoggerFactory.getLogger(MethodTeachers.class);

    /** The teachers' graphs in {@link TeacherNeed#combinations} order and the train rows each learnt from. */
    record Provided(List<ComputationGraph> graphs, Map<String, Long> trainRows) {
        static Provided none() {
            return new Provided(List.of(), Map.of());
        }
    }

    private MethodTeachers() {
    }

    /** Where the teacher of {@code combination} trains inside the run directory {@code runDir}. */
    static String runDir(String runDir, ModalityCombination combination) {
        return new Path(new Path(runDir, "teachers"), combination.toString().replace('+', '-')).toString();
    }

    /** Fails before any Spark work when the {@code --teacher} options do not fit {@code method}. */
    static void check(Method method, Modalities mods, String teacherUri, Map<String, String> byCombination) {
        List<ModalityCombination> needed = method.teachers().combinations(mods);
        List<String> names = needed.stream().map(ModalityCombination::toString).toList();
        if (needed.isEmpty()) {
            return;
        }
        if (method.teachers() == TeacherNeed.PER_MODALITY) {
            if (teacherUri != null) {
                throw new ConfigValidationException("method " + method.name() + " distils from one teacher per"
                        + " modality (" + String.join(", ", names) + "): pass one --teacher <modality>=URI for each"
                        + " (e.g. --teacher " + names.get(0) + "=URI), or no --teacher to train them inside the run;"
                        + " a single --teacher " + teacherUri + " does not say whose it is");
            }
            for (String key : byCombination.keySet()) {
                if (!names.contains(key)) {
                    throw new ConfigValidationException("--teacher " + key + "=...: method " + method.name()
                            + " distils from the teachers of " + String.join(", ", names) + "; '" + key
                            + "' is not one of them");
                }
            }
        } else if (!byCombination.isEmpty()) {
            throw new ConfigValidationException("method " + method.name() + " distils from the full-modality teacher:"
                    + " pass --teacher URI (without a modality name); got --teacher " + byCombination.keySet()
                    .iterator().next() + "=...");
        }
    }

    static Provided provide(SparkSession spark, RunConfig run, TrainJob.Request req, Method method,
                            CorpusInfo corpus, Configuration hadoop) throws IOException {
        Modalities mods = run.network().modalities();
        check(method, mods, req.teacherUri(), req.teachersByCombination());
        List<ModalityCombination> needed = method.teachers().combinations(mods);
        if (needed.isEmpty()) {
            return Provided.none();
        }
        if (method.teachers() == TeacherNeed.FULL_MODALITY) {
            if (req.teacherUri() == null) {
                throw new ConfigValidationException("method " + method.name() + " distils from the teacher: pass"
                        + " --teacher (the teacher's run directory)");
            }
            ModelExport.Exported t = read(req.teacherUri(), null, hadoop);
            return new Provided(List.of(t.graph()), rows(Map.of(), needed.get(0), t));
        }
        List<ComputationGraph> graphs = new ArrayList<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (ModalityCombination c : needed) {
            String given = req.teachersByCombination().get(c.toString());
            ModelExport.Exported t;
            if (given != null) {
                t = read(given, c, hadoop);
                LOG.info("{}: teacher [{}] from --teacher {}", method.name(), c, given);
            } else {
                t = trainedInRun(spark, run, req, c, corpus, hadoop);
            }
            graphs.add(t.graph());
            rows = rows(rows, c, t);
        }
        return new Provided(graphs, rows);
    }

    /** The teacher of {@code c} inside the run: reused when already exported (with --resume), else trained. */
    private static ModelExport.Exported trainedInRun(SparkSession spark, RunConfig run, TrainJob.Request req,
                                                     ModalityCombination c, CorpusInfo corpus, Configuration hadoop)
            throws IOException {
        String dir = runDir(req.runDir(), c);
        if (req.resume()) {
            try {
                ModelExport.Exported done = ModelExport.read(dir, hadoop);
                if (done.card().epochs >= run.train().epochs()) {
                    LOG.info("teacher [{}]: already trained in {} ({} epochs); reused", c, dir, done.card().epochs);
                    return done;
                }
            } catch (FileNotFoundException e) {
                // not exported yet: train it (resuming its checkpoints, if any)
            }
        }
        LOG.info("teacher [{}]: training SF on {} inside the run, in {}", c, c, dir);
        TrainJob.Result r = TrainJob.run(spark, run, new TrainJob.Request("teacher", null, c.toString(), req.dataUri(),
                dir, null, req.resume()), corpus);
        return ModelExport.read(r.modelDir(), hadoop);
    }

    private static ModelExport.Exported read(String uri, ModalityCombination expected, Configuration hadoop)
            throws IOException {
        ModelExport.Exported t = ModelExport.read(uri, hadoop);
        if (!"teacher".equals(t.card().role)) {
            LOG.warn("--teacher {} is a {} model, not a teacher run", uri, t.card().role);
        }
        if (expected != null && t.card().combination != null && !expected.toString().equals(t.card().combination)) {
            throw new ConfigValidationException("--teacher " + expected + "=" + uri + " is the teacher of "
                    + t.card().combination + ", not of " + expected);
        }
        return t;
    }

    private static Map<String, Long> rows(Map<String, Long> so, ModalityCombination c, ModelExport.Exported t) {
        Map<String, Long> out = new LinkedHashMap<>(so);
        Double r = t.card().metrics.get("train_rows");
        out.put(c.toString(), r == null ? -1L : r.longValue());
        return out;
    }
}
