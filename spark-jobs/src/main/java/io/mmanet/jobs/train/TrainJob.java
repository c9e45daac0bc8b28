package io.mmanet.jobs.train;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigValidationException;
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
import io.mmanet.jobs.mar.MarAggregator;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.mar.MarMemoryBank;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.datavec.spark.util.SerializableHadoopConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.common.loader.Source;
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
import java.util.Set;

/**
 * The training job: the SF teacher ({@code role teacher}) or a deployment network of any method
 * ({@code role deployment}), with dl4j-spark parameter averaging, per-epoch checkpoints, MAR
 * mining on the driver for MMANet, and the deployment-only model exported at the end.
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
     * @param method      deployment method (ignored for the teacher, which is SF on the full combination)
     * @param combination SF's fixed combination ("rgb+ir"); null = method.fixed-combination
     * @param teacherUri  the teacher's run or model directory (methods that distil)
     */
    public record Request(String role, Method method, String combination, String dataUri, String runDir,
                          String teacherUri, boolean resume) {
        public boolean teacher() {
            return "teacher".equals(role);
        }
    }

    public record Result(String runDir, String modelDir, TrainingState state) {
    }

    public static Result run(SparkSession spark, Config cfg, Request req, CorpusInfo corpus) throws IOException {
        TrainSettings ts = TrainSettings.fromConfig(cfg);
        NetworkSpec spec = NetworkSpec.fromConfig(cfg);
        MethodSettings ms = methodSettings(cfg, req);
        Method method = ms.method();
        corpus.checkMatches(spec.modalities());
        // The teacher is SF on the full combination: no combination in its name, evaluated on all.
        ModalityCombination fixed = method == Method.SF && !req.teacher() ? ms.fixedCombination(spec.modalities()) : null;
        String label = req.teacher() ? "teacher" : "deployment " + method + (fixed != null ? " [" + fixed + "]" : "");

        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
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
            state = resumed.get().state();
            checkSameRun(state, req, method, fixed);
            LOG.info("{}: resuming from {} (epoch {} of {} done)", label, resumed.get().location(),
                    state.completedEpochs, ts.epochs());
        } else {
            graph = req.teacher() ? TrainingGraphs.teacher(spec, ms)
                    : TrainingGraphs.forMethod(spec, ms, method.usesTeacher() ? loadTeacher(req, hadoop) : null);
            state = new TrainingState(req.role(), req.teacher() ? null : method.toString(),
                    fixed != null ? fixed.toString() : null, ts.epochs(), ts.seed());
        }
        state.totalEpochs = ts.epochs();
        writeText(new Path(req.runDir(), "config.conf"), MmanetConfig.render(cfg), hadoop);

        int workers = ts.resolvedWorkers(sc.defaultParallelism());
        SampleDecoder decoder = corpus.decoder(spec.inputHeight(), spec.inputWidth());
        BatchAssembler assembler = new BatchAssembler(spec, method, fixed);
        Dataset<Row> train = cachedSplit(spark, req.dataUri(), "train", corpus, workers);

        MarAggregator mar = null;
        Dataset<Row> mining = null;
        Broadcast<String[]> weakBc = null;
        if (method.needsMining()) {
            MarMemoryBank bank = state.marBank != null
                    ? MarMemoryBank.fromJson(new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(state.marBank), spec.modalities())
                    : new MarMemoryBank(spec.modalities(), ms.klEpsilon());
            mining = cachedSplit(spark, req.dataUri(), ms.miningSplit(), corpus, workers);
            mar = new MarAggregator(sc, mining.javaRDD(), decoder, assembler, spec.modalities(),
                    spec.numClasses(), ts.evalBatchSize(), bank);
            if (!state.weakSet.isEmpty()) {
                weakBc = sc.broadcast(state.weakSet.toArray(new String[0]));
                LOG.info("{}: weak set from the checkpoint: {}", label, state.weakSet);
            }
        }

        SparkGraphTrainer trainer = new SparkGraphTrainer(sc, ts);
        SerializableHadoopConfig shc = new SerializableHadoopConfig(hadoop);
        RunProgress progress = new RunProgress(label, ts.epochs(), state.completedEpochs + 1);
        LOG.info("{}: training epochs {}..{} on {} with {} workers, batch {} per worker, averaging every {} batches,"
                        + " approach {}", label, state.completedEpochs + 1, ts.epochs(), req.dataUri(), workers,
                ts.batchSizePerWorker(), ts.averagingFrequency(), ts.approach());
        for (int epoch = state.completedEpochs + 1; epoch <= ts.epochs(); epoch++) {
            boolean afterWarmup = !req.teacher() && ms.isAfterWarmup(epoch);
            if (method == Method.MMANET && afterWarmup && weakBc == null) {
                throw new IllegalStateException("MMANet epoch " + epoch + " is after warm-up but no weak set was fixed");
            }
            String exportDir = new Path(req.runDir(), String.format("export/epoch-%05d", epoch)).toString();
            FileSystem fs = new Path(exportDir).getFileSystem(hadoop);
            fs.delete(new Path(exportDir), true);
            sc.setJobGroup("mmanet-export-e" + epoch, "train " + label + ": build and export the minibatches of epoch "
                    + epoch, false);
            EpochExporter.Export export = EpochExporter.export(train.javaRDD(), decoder, ts.augment(),
                    new MethodBatchBuilder(spec, assembler, weakBc, afterWarmup), ts.batchSizePerWorker(), ts.seed(),
                    epoch, exportDir, shc);
            sc.clearJobGroup();
            if (export.paths().isEmpty()) {
                throw new UserFacingException("the train split of " + req.dataUri() + " gives no full minibatch of "
                        + ts.batchSizePerWorker() + " per partition; lower train.batch-size-per-worker", 3);
            }
            SparkGraphTrainer.EpochOutcome o = trainer.fitEpoch(graph, export.paths(), epoch, label, progress);
            Map<String, Double> terms = LossTerms.measure(graph, loadBatch(export.paths().get(0), hadoop));
            double lr = ms.learningRateSchedule().valueAt(0, epoch - 1);
            progress.epoch(epoch, o, LossTerms.format(terms), lr);
            fs.delete(new Path(exportDir), true);

            if (mar != null && ms.isMiningEpoch(epoch)) {
                mar.mine(epoch, graph);
            }
            if (mar != null && epoch == ms.warmupEpochs()) {
                Set<ModalityCombination> w = mar.fixWeakSet(epoch);
                state.weakSet = MarMemoryBank.names(w);
                mar.persist(req.runDir(), hadoop);
                weakBc = sc.broadcast(state.weakSet.toArray(new String[0]));
                LOG.info("{}: weak set {} broadcast to the workers", label, state.weakSet);
            }
            state.completedEpochs = epoch;
            state.history.add(new EpochRecord(epoch, o.seconds(), o.samples(), o.samplesPerSecond(), o.meanScore(),
                    terms.getOrDefault(GraphNames.OUT, Double.NaN), terms.getOrDefault(GraphNames.KD_OUT, Double.NaN),
                    terms.getOrDefault(GraphNames.MAR_OUT, Double.NaN), lr));
            if (mar != null) {
                state.marBank = mar.bank().state();
            }
            String where = store.save(graph, state);
            LOG.info("{}: checkpoint of epoch {} written to {}", label, epoch, where);
        }
        Path exportRoot = new Path(req.runDir(), "export");
        exportRoot.getFileSystem(hadoop).delete(exportRoot, true);
        train.unpersist();
        if (mining != null) {
            mining.unpersist();
        }
        String modelDir = exportModel(req, spec, state, graph, corpus, hadoop);
        LOG.info("{}: deployment model exported to {}", label, modelDir);
        return new Result(req.runDir(), modelDir, state);
    }

    static MethodSettings methodSettings(Config cfg, Request req) {
        MethodSettings ms = MethodSettings.fromConfig(cfg);
        if (req.teacher()) {
            return ms.withMethod(Method.SF).withFixedCombination("full");
        }
        ms = ms.withMethod(req.method());
        if (req.combination() != null) {
            ms = ms.withFixedCombination(req.combination());
        }
        return ms;
    }

    private static void checkSameRun(TrainingState s, Request req, Method method, ModalityCombination fixed) {
        String m = req.teacher() ? null : method.toString();
        String c = fixed != null ? fixed.toString() : null;
        if (!req.role().equals(s.role) || !java.util.Objects.equals(m, s.method) || !java.util.Objects.equals(c, s.combination)) {
            throw new UserFacingException("--resume: the run directory " + req.runDir() + " holds a " + s.role
                    + (s.method != null ? " " + s.method : "") + (s.combination != null ? " [" + s.combination + "]" : "")
                    + " run, not " + req.role() + (m != null ? " " + m : "") + (c != null ? " [" + c + "]" : ""), 3);
        }
    }

    private static ComputationGraph loadTeacher(Request req, Configuration hadoop) throws IOException {
        if (req.teacherUri() == null) {
            throw new ConfigValidationException("method " + req.method() + " distils from the teacher: pass --teacher"
                    + " (the teacher's run directory)");
        }
        ModelExport.Exported t = ModelExport.read(req.teacherUri(), hadoop);
        if (!"teacher".equals(t.card().role)) {
            LOG.warn("--teacher {} is a {} model, not a teacher run", req.teacherUri(), t.card().role);
        }
        return t.graph();
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
        FileSystem fs = p.getFileSystem(hadoop);
        return new io.mmanet.compat.MaskSafeMultiDataSetLoader().load(new Source() {
            @Override
            public InputStream getInputStream() throws IOException {
                return fs.open(p);
            }

            @Override
            public String getPath() {
                return path;
            }
        });
    }

    private static String exportModel(Request req, NetworkSpec spec, TrainingState state, ComputationGraph graph,
                                      CorpusInfo corpus, Configuration hadoop) throws IOException {
        ModelCard card = new ModelCard();
        card.role = req.role();
        card.method = req.teacher() ? "sf" : state.method;
        card.combination = state.combination;
        card.name = req.teacher() ? "teacher" : state.method + (state.combination != null ? "[" + state.combination + "]" : "");
        for (int m = 0; m < spec.modalities().size(); m++) {
            card.modalities.add(new ModelCard.Modality(spec.modalities().get(m).name(), spec.modalities().get(m).channels()));
        }
        card.inputHeight = spec.inputHeight();
        card.inputWidth = spec.inputWidth();
        card.normalisation.mean = SampleDecoder.MEAN;
        card.normalisation.std = SampleDecoder.STD;
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
        return ModelExport.write(new Path(req.runDir(), "model").toString(),
                TrainingGraphs.extractDeployment(graph), card, hadoop);
    }

    private static void writeText(Path p, String text, Configuration hadoop) throws IOException {
        try (FSDataOutputStream out = p.getFileSystem(hadoop).create(p, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
