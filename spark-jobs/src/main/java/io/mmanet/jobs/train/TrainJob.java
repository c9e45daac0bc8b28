package io.mmanet.jobs.train;

import com.typesafe.config.Config;
import io.mmanet.compat.FlatGradientUpdater;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.checkpoint.Checkpoint;
import io.mmanet.jobs.checkpoint.CheckpointStore;
import io.mmanet.jobs.checkpoint.EpochRecord;
import io.mmanet.jobs.checkpoint.TrainingState;
import io.mmanet.jobs.cli.UserFacingException;
import io.mmanet.jobs.export.ModelCard;
import io.mmanet.jobs.export.ModelExport;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.input.EpochExporter;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.task.Task;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.EpochHook;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.datavec.spark.util.SerializableHadoopConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training job: the teacher ({@code role teacher}: SF on the full combination) or a deployment
 * network of any registered {@link Method} ({@code role deployment}), with dl4j-spark parameter
 * averaging, per-epoch checkpoints, the method's driver-side epoch hooks (MAR mining for MMANet),
 * and the deployment-only model exported at the end. It never looks at a method's name: rows the
 * method cannot train on are skipped ({@link TrainableRows}), the graph and minibatches come from
 * the method's parts.
 *
 * <p>Run directory: {@code config.conf} (resolved configuration), {@code checkpoints/},
 * {@code export/} (the current epoch's minibatch files, deleted after the epoch), {@code mar/}
 * (weak set and memory bank), {@code model/} (model.zip + model-card.json).
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    private TrainJob() {
    }

    /**
     * @param role        "teacher" or "deployment"
     * @param method      deployment method (ignored for the teacher, which is SF on its combination)
     * @param combination SF's fixed combination ("rgb+ir"); null = method.fixed-combination (for the
     *                    teacher: null = full; a per-modality teacher names its modality)
     * @param teacherUri  the full-modality teacher's run or model directory (methods that distil from it)
     * @param teachersByCombination per-modality teachers given by combination name ("rgb" -> URI);
     *                    those a per-modality method needs and not given are trained inside the run
     */
    public record Request(String role, Method method, String combination, String dataUri, String runDir,
                          String teacherUri, boolean resume, Map<String, String> teachersByCombination) {
        public Request {
            teachersByCombination = teachersByCombination == null ? Map.of() : Map.copyOf(teachersByCombination);
        }

        public Request(String role, Method method, String combination, String dataUri, String runDir,
                       String teacherUri, boolean resume) {
            this(role, method, combination, dataUri, runDir, teacherUri, resume, Map.of());
        }

        public boolean teacher() {
            return "teacher".equals(role);
        }
    }

    public record Result(String runDir, String modelDir, TrainingState state) {
    }

    public static Result run(SparkSession spark, Config cfg, Request req, CorpusInfo corpus) throws IOException {
        return run(spark, RunConfig.resolve(cfg), req, corpus);
    }

    public static Result run(SparkSession spark, RunConfig run, Request req, CorpusInfo corpus) throws IOException {
        TrainSettings ts = run.train();
        MethodSettings ms = methodSettings(run.methodSettings(), req);
        Method method = ms.method();
        Modalities mods = run.network().modalities();
        corpus.checkMatches(mods);
        corpus.checkTask(run.network().task());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        NetworkSpec spec = withCorpusClassWeights(run.network(), req.dataUri(), hadoop);
        // The combination every row uses when the method trains one model per combination (SF; the
        // teacher is SF on its combination, usually full). Named in the run only for deployment models.
        ModalityCombination trained = method.trainsOneCombination() ? ms.fixedCombination(mods) : null;
        // The full-modality teacher records no combination (as before per-modality teachers existed).
        ModalityCombination fixed = req.teacher() && ModalityCombination.full(mods).equals(trained) ? null : trained;
        String label = (req.teacher() ? "teacher" : "deployment " + method.name())
                + (fixed != null ? " [" + fixed + "]" : "");

        CheckpointStore store = new CheckpointStore(req.runDir(), hadoop, ts.checkpointKeep());
        Optional<Checkpoint> resumed = Optional.empty();
        if (req.resume()) {
            resumed = store.loadLatest();
            if (resumed.isEmpty()) {
                LOG.warn("--resume: no complete checkpoint under {}; starting from epoch 1", store.location());
            }
        } else if (!store.completeCheckpoints().isEmpty()) {
            throw new UserFacingException("run directory " + req.runDir() + " already has checkpoints; pass --resume"
                    + " to continue it or choose another --run-dir", 3);
        }

        ComputationGraph graph;
        TrainingState state;
        if (resumed.isPresent()) {
            graph = resumed.get().graph();
            FlatGradientUpdater.install(graph);
            state = resumed.get().state();
            checkSameRun(state, req, method, fixed);
            LOG.info("{}: resuming from {} (epoch {} of {} done)", label, resumed.get().location(),
                    state.completedEpochs, ts.epochs());
        } else {
            MethodTeachers.Provided teachers = req.teacher() ? MethodTeachers.Provided.none()
                    : MethodTeachers.provide(spark, run, req, method, corpus, hadoop);
            graph = req.teacher() ? TrainingGraphs.teacher(spec, ms)
                    : TrainingGraphs.forMethod(spec, ms, teachers.graphs(), TrainingGraphs.Options.defaults());
            state = new TrainingState(req.role(), req.teacher() ? null : method.name(),
                    fixed != null ? fixed.toString() : null, ts.epochs(), ts.seed());
            state.teacherRows.putAll(teachers.trainRows());
        }
        state.totalEpochs = ts.epochs();
        writeText(new Path(req.runDir(), "config.conf"), MmanetConfig.render(run.raw()), hadoop);

        int workers = ts.resolvedWorkers(sc.defaultParallelism());
        SampleDecoder decoder = corpus.decoder(spec.inputHeight(), spec.inputWidth());
        BatchAssembler assembler = new BatchAssembler(spec, method, trained);
        Dataset<Row> train = cachedSplit(spark, req.dataUri(), "train", corpus, workers);
        JavaRDD<Row> trainRows = TrainableRows.select(train.javaRDD(), decoder, method, trained, mods, label, state);

        SparkEpochContext hooks = new SparkEpochContext(sc, spec, ms,
                () -> cachedSplit(spark, req.dataUri(), ms.miningSplit(), corpus, workers), decoder, ts.evalBatchSize(),
                state, req.runDir(), hadoop);
        hooks.validationSplit(() -> ShardReader.read(spark, corpus, "val"));
        List<EpochHook> epochHooks = req.teacher() ? List.of() : method.epochHooks();

        SparkGraphTrainer trainer = new SparkGraphTrainer(sc, ts);
        SerializableHadoopConfig shc = new SerializableHadoopConfig(hadoop);
        RunProgress progress = new RunProgress(label, ts.epochs(), state.completedEpochs + 1);
        LOG.info("{}: training epochs {}..{} on {} with {} workers, batch {} per worker, averaging every {} batches,"
                        + " approach {}", label, state.completedEpochs + 1, ts.epochs(), req.dataUri(), workers,
                ts.batchSizePerWorker(), ts.averagingFrequency(), ts.approach());
        for (int epoch = state.completedEpochs + 1; epoch <= ts.epochs(); epoch++) {
            boolean afterWarmup = !req.teacher() && ms.isAfterWarmup(epoch);
            String exportDir = new Path(req.runDir(), String.format("export/epoch-%05d", epoch)).toString();
            FileSystem fs = new Path(exportDir).getFileSystem(hadoop);
            fs.delete(new Path(exportDir), true);
            sc.setJobGroup("mmanet-export-e" + epoch, "train " + label + ": build and export the minibatches of epoch "
                    + epoch, false);
            EpochExporter.Export export = EpochExporter.export(trainRows, decoder, ts.augment(),
                    new MethodBatchBuilder(spec, assembler, hooks.weakSetBroadcast(), epoch, afterWarmup),
                    ts.batchSizePerWorker(), ts.seed(), epoch, exportDir, shc);
            sc.clearJobGroup();
            if (export.paths().isEmpty()) {
                throw new UserFacingException("the train split of " + req.dataUri() + " gives no full minibatch of "
                        + ts.batchSizePerWorker() + " per partition for " + label + " (" + state.trainRows
                        + " usable rows); lower train.batch-size-per-worker", 3);
            }
            SparkGraphTrainer.EpochOutcome o = trainer.fitEpoch(graph, export.paths(), epoch, label, progress);
            Map<String, Double> terms = LossTerms.measure(graph, loadBatch(export.paths().get(0), hadoop));
            double lr = ms.learningRateSchedule().valueAt(0, epoch - 1);
            progress.epoch(epoch, o, LossTerms.format(terms), lr);
            if (!state.teacherRows.isEmpty()) {
                LOG.info("{}: epoch {} rows: student {}, teachers {}", label, epoch, state.trainRows, state.teacherRows);
            }
            fs.delete(new Path(exportDir), true);

            hooks.graph(graph);
            for (EpochHook hook : epochHooks) {
                hook.afterEpoch(epoch, hooks);
            }
            state.completedEpochs = epoch;
            state.history.add(new EpochRecord(epoch, o.seconds(), o.samples(), o.samplesPerSecond(), o.meanScore(),
                    terms.getOrDefault(GraphNames.OUT, Double.NaN), terms.getOrDefault(GraphNames.KD_OUT, Double.NaN),
                    terms.getOrDefault(GraphNames.MAR_OUT, Double.NaN), lr));
            hooks.saveInto(state);
            String where = store.save(graph, state);
            LOG.info("{}: checkpoint of epoch {} written to {}", label, epoch, where);
        }
        Path exportRoot = new Path(req.runDir(), "export");
        exportRoot.getFileSystem(hadoop).delete(exportRoot, true);
        train.unpersist();
        hooks.close();
        String modelDir = exportModel(req, spec, run.raw(), state, graph, corpus, hadoop);
        LOG.info("{}: deployment model exported to {}", label, modelDir);
        return new Result(req.runDir(), modelDir, state);
    }

    /**
     * Fails before any Spark work when the teachers given ({@code --teacher URI}, {@code --teacher
     * <modality>=URI}) do not fit what {@code method} distils from.
     */
    public static void checkTeachers(Method method, Modalities mods, String teacherUri,
                                     Map<String, String> byCombination) {
        MethodTeachers.check(method, mods, teacherUri, byCombination);
    }

    static MethodSettings methodSettings(MethodSettings configured, Request req) {
        MethodSettings ms = configured;
        if (req.teacher()) {
            return ms.withMethod(Methods.teacherMethod())
                    .withFixedCombination(req.combination() != null ? req.combination() : "full");
        }
        ms = ms.withMethod(req.method());
        if (req.combination() != null) {
            ms = ms.withFixedCombination(req.combination());
        }
        return ms;
    }

    private static void checkSameRun(TrainingState s, Request req, Method method, ModalityCombination fixed) {
        String m = req.teacher() ? null : method.name();
        String c = fixed != null ? fixed.toString() : null;
        if (!req.role().equals(s.role) || !java.util.Objects.equals(m, s.method) || !java.util.Objects.equals(c, s.combination)) {
            throw new UserFacingException("--resume: the run directory " + req.runDir() + " holds a " + s.role
                    + (s.method != null ? " " + s.method : "") + (s.combination != null ? " [" + s.combination + "]" : "")
                    + " run, not " + req.role() + (m != null ? " " + m : "") + (c != null ? " [" + c + "]" : ""), 3);
        }
    }

    /** A split read with the explicit schema, spread over the workers and cached (re-read every epoch). */
    static Dataset<Row> cachedSplit(SparkSession spark, String dataUri, String split, CorpusInfo corpus, int workers) {
        Dataset<Row> d = ShardReader.read(spark, corpus, split);
        if (d.rdd().getNumPartitions() < workers) {
            d = d.repartition(workers);
        }
        return d.persist(StorageLevel.MEMORY_AND_DISK());
    }

    private static MultiDataSet loadBatch(String path, Configuration hadoop) throws IOException {
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(hadoop).open(p)) {
            return io.mmanet.compat.MaskSafeMultiDataSetLoader.load(in);
        }
    }

    /**
     * The spec with its task's class weights from the corpus when the configuration sets none
     * (segmentation: median frequency of the manifest's train-split pixel counts, logged); a
     * resumed run recomputes the same weights from the same manifest.
     */
    static NetworkSpec withCorpusClassWeights(NetworkSpec spec, String dataUri, Configuration hadoop) {
        Task configured = spec.task();
        Task task = configured.withCorpusClassWeights(() -> {
            double[] w = io.mmanet.prep.manifest.Manifest.read(dataUri, hadoop).medianFrequencyWeights("train");
            LOG.info("model.{}.class-weights empty: median-frequency weights of the train split of {}: {}",
                    configured.name(), dataUri, java.util.Arrays.toString(w));
            return w;
        });
        return task == configured ? spec : spec.toBuilder().task(task).build();
    }

    private static String exportModel(Request req, NetworkSpec spec, Config raw, TrainingState state,
                                      ComputationGraph graph, CorpusInfo corpus, Configuration hadoop)
            throws IOException {
        ModelCard card = new ModelCard();
        card.role = req.role();
        card.method = req.teacher() ? Methods.teacherMethod().name() : state.method;
        card.combination = state.combination;
        card.name = (req.teacher() ? "teacher" : state.method)
                + (state.combination != null ? "[" + state.combination + "]" : "");
        card.modalities.addAll(spec.modalities().asList());
        card.inputHeight = spec.inputHeight();
        card.inputWidth = spec.inputWidth();
        card.normalisation.mean = SampleDecoder.MEAN;
        card.normalisation.std = SampleDecoder.STD;
        card.task = spec.task().name();
        card.taskSettings = ModelCard.taskSettings(raw, spec.task());
        card.classes = new ArrayList<>(corpus.classNames());
        card.bonaFideLabel = corpus.bonaFideLabel();
        card.inputs = GraphNames.deploymentInputs(spec.modalities());
        card.weakSet = new ArrayList<>(state.weakSet);
        card.epochs = state.completedEpochs;
        card.seed = state.seed;
        card.trainingData = req.dataUri();
        if (!state.history.isEmpty()) {
            EpochRecord last = state.history.get(state.history.size() - 1);
            card.metrics.put("train_loss", last.score());
            card.metrics.put("train_ce", last.ce());
            card.metrics.put("train_samples_per_second", last.samplesPerSecond());
        }
        if (state.trainRows >= 0) {
            card.metrics.put("train_rows", (double) state.trainRows);
            card.metrics.put("train_rows_skipped", (double) state.skippedRows);
        }
        state.teacherRows.forEach((c, rows) -> card.metrics.put("teacher_train_rows[" + c + "]", (double) rows));
        return ModelExport.write(new Path(req.runDir(), "model").toString(),
                TrainingGraphs.extractDeployment(graph), card, hadoop);
    }

    private static void writeText(Path p, String text, Configuration hadoop) throws IOException {
        try (FSDataOutputStream out = p.getFileSystem(hadoop).create(p, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
