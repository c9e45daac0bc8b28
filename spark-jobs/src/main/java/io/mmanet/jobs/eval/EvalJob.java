package io.mmanet.jobs.eval;

import io.mmanet.jobs.export.ModelCard;
import io.mmanet.jobs.export.ModelExport;
import io.mmanet.jobs.input.BatchLabels;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.DeploymentInputs;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.metrics.ConfusionMatrix;
import io.mmanet.networks.metrics.ModelMetrics;
import io.mmanet.networks.metrics.TaskMetrics;
import io.mmanet.networks.task.Task;
import io.mmanet.networks.task.Tasks;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation job: every given model on every modality combination of one split (default
 * test), one distributed pass per model with a single decode per sample; writes metrics.json,
 * report.md and report.html to the output directory and the mean metrics into each model card.
 * Customised SF models (one per combination) are evaluated on their own combination and reported
 * together as one series. For a task with a label per pixel (segmentation), the report also shows
 * the predicted masks of the split's first {@code eval.mask-samples} rows ({@link SampleMasks},
 * PNGs under {@code masks/}).
 */
public final class EvalJob {
    private static final Logger LOG = LoggerFactory.getLogger(EvalJob.class);

    private EvalJob() {
    }

    public record Result(EvaluationReport report, String outDir) {
    }

    /** With {@link EvalSettings#DEFAULT_MASK_SAMPLES} predicted masks for a segmentation report. */
    public static Result run(SparkSession spark, List<String> modelUris, String dataUri, String split, String outDir,
                             int batchSize) throws IOException {
        return run(spark, modelUris, dataUri, split, outDir, new EvalSettings(batchSize, EvalSettings.DEFAULT_MASK_SAMPLES));
    }

    public static Result run(SparkSession spark, List<String> modelUris, String dataUri, String split, String outDir,
                             EvalSettings settings) throws IOException {
        int batchSize = settings.batchSize();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        CorpusInfo corpus = CorpusInfo.read(dataUri, hadoop);
        // Cache the split as a Dataset (columnar, no Kryo); each model's pass reads it as Rows.
        Dataset<Row> data = ShardReader.read(spark, corpus, split).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<Row> rows = data.javaRDD();
        Map<String, Map<String, ConfusionMatrix>> series = new LinkedHashMap<>();
        Map<String, List<String>> seriesModels = new LinkedHashMap<>();
        Map<String, Task> seriesTask = new LinkedHashMap<>();
        SampleMasks masks = null;
        List<String> expanded = new ArrayList<>();
        for (String uri : modelUris) {
            expanded.addAll(ModelExport.expand(uri, hadoop));
        }
        for (String uri : expanded) {
            ModelExport.Exported model = ModelExport.read(uri, hadoop);
            ModelCard card = model.card();
            Modalities mods = modalities(card);
            corpus.checkMatches(mods);
            Task task = card.configuredTask();
            corpus.checkTask(task);
            NetworkSpec spec = NetworkSpec.builder(mods).input(card.inputHeight, card.inputWidth)
                    .numClasses(card.classes.size()).task(task).dataType(model.graph().params().dataType()).build();
            List<ModalityCombination> combos = card.combination != null
                    ? List.of(ModalityCombination.parse(card.combination, mods)) : ModalityCombination.all(mods);
            AssemblerForward forward = new AssemblerForward(new DeploymentInputs(spec), combos);
            String name = card.combination != null ? card.method : card.name;
            Broadcast<GraphBroadcast> bc = sc.broadcast(new GraphBroadcast(model.graph()));
            sc.setJobGroup("mmanet-eval", "evaluate " + name + " (" + model.location() + ") on " + split + " through "
                    + combos.size() + " combinations", false);
            long t0 = System.nanoTime();
            ConfusionMatrix[] cms;
            SampleDecoder decoder = corpus.decoder(card.inputHeight, card.inputWidth);
            try {
                cms = CombinationConfusionPass.run(rows, decoder, bc, forward, PredictionCounting.of(spec), batchSize);
            } finally {
                sc.clearJobGroup();
                bc.destroy();
            }
            LOG.info("evaluated {} on {} combinations of {} ({} counted: samples, or labelled pixels of a per-pixel task)"
                    + " in {} s", name, combos.size(), split,
                    cms[0].total(), String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            Map<String, ConfusionMatrix> byCombo = series.computeIfAbsent(name, k -> new LinkedHashMap<>());
            for (int c = 0; c < combos.size(); c++) {
                byCombo.put(combos.get(c).toString(), cms[c]);
            }
            if (BatchLabels.perPixel(spec) && settings.maskSamples() > 0) {
                masks = masks != null ? masks : new SampleMasks(data.takeAsList(settings.maskSamples()), corpus);
                masks.predict(name, model.graph(), forward, decoder);
            }
            seriesModels.computeIfAbsent(name, k -> new ArrayList<>()).add(model.location());
            seriesTask.put(name, task);
        }
        data.unpersist();
        EvaluationReport report = report(series, seriesTask, corpus, split);
        List<ModelMetrics> metrics = report.models();
        if (masks != null) {
            report = report.withMasks(masks.write(outDir, hadoop));
        }
        write(new Path(outDir, "metrics.json"), report.json(), hadoop);
        write(new Path(outDir, "report.md"), report.markdown(), hadoop);
        write(new Path(outDir, "report.html"), report.html(), hadoop);
        for (ModelMetrics m : metrics) {
            for (String uri : seriesModels.get(m.model())) {
                ModelExport.Exported ex = ModelExport.read(uri, hadoop);
                Map<String, Double> means = new LinkedHashMap<>(m.means());
                means.putAll(report.taskMeans(m.model()));
                means.forEach((k, v) -> {
                    if (!Double.isNaN(v)) {
                        ex.card().metrics.put(split + "_mean_" + k, v);
                    }
                });
                ModelExport.writeCard(ex.location(), ex.card(), hadoop);
            }
        }
        LOG.info("evaluation written to {} (metrics.json, report.md, report.html{})", outDir,
                masks == null ? "" : ", " + report.masks().images().size() + " PNGs in " + SampleMasks.DIR + "/");
        return new Result(report, outDir);
    }

    /**
     * The metrics of confusion matrices counted per series (model) and combination: what every
     * evaluation reports, and what the diagnostics' per-epoch curves read, so both compute the
     * headline metric the same way.
     */
    public static EvaluationReport report(Map<String, Map<String, ConfusionMatrix>> series,
                                          Map<String, Task> seriesTask, CorpusInfo corpus, String split) {
        List<ModelMetrics> metrics = new ArrayList<>();
        Map<String, List<TaskMetrics>> taskMetrics = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, ConfusionMatrix>> e : series.entrySet()) {
            Map<String, ConfusionMatrix> byCombo = canonical(e.getValue(), corpus);
            metrics.add(ModelMetrics.fromConfusion(e.getKey(), byCombo, corpus.bonaFideLabel()));
            Task task = seriesTask.get(e.getKey());
            List<TaskMetrics> perCombo = new ArrayList<>();
            byCombo.forEach((c, cm) -> perCombo.add(task.metrics(c, cm)));
            taskMetrics.put(e.getKey(), perCombo);
        }
        return new EvaluationReport(metrics, corpus.classNames(), corpus.bonaFideLabel(),
                ShardReader.splitUri(corpus.uri(), split),
                seriesTask.values().stream().findFirst().orElse(Tasks.classification()), taskMetrics);
    }

    /** Rows in canonical combination order, whatever order the (SF) models came in. */
    private static Map<String, ConfusionMatrix> canonical(Map<String, ConfusionMatrix> byCombo, CorpusInfo corpus) {
        Map<String, ConfusionMatrix> ordered = new LinkedHashMap<>();
        for (ModalityCombination c : ModalityCombination.all(new Modalities(corpus.modalities()))) {
            if (byCombo.containsKey(c.toString())) {
                ordered.put(c.toString(), byCombo.get(c.toString()));
            }
        }
        return ordered;
    }

    private static Modalities modalities(ModelCard card) {
        return new Modalities(card.modalities);
    }

    private static void write(Path p, String text, Configuration hadoop) throws IOException {
        try (FSDataOutputStream out = p.getFileSystem(hadoop).create(p, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
