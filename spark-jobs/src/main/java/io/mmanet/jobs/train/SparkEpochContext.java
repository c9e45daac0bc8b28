package io.mmanet.jobs.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmanet.jobs.checkpoint.TrainingState;
import io.mmanet.jobs.eval.AssemblerForward;
import io.mmanet.jobs.eval.CombinationActivationPass;
import io.mmanet.jobs.eval.CombinationConfusionPass;
import io.mmanet.jobs.eval.PredictionCounting;
import io.mmanet.jobs.eval.GraphBroadcast;
import io.mmanet.jobs.input.BatchLabels;
import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.jobs.input.GeometricTransform;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.DeploymentInputs;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.mar.MarMemoryBank;
import io.mmanet.networks.metrics.ConfusionMatrix;
import io.mmanet.networks.method.DecodedRows;
import io.mmanet.networks.method.EpochContext;
import io.mmanet.networks.method.HookState;
import io.mmanet.networks.method.MethodSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The driver side of a training run as a method's epoch hooks see it ({@link EpochContext}):
 * distributed predictions of the current deployment network on the mining split (one pass,
 * each row decoded once and forwarded through every requested combination it has), the
 * checkpointed hook state, and the weak set broadcast to the workers.
 */
final class SparkEpochContext implements EpochContext, HookState {
    private static final Logger LOG = LoggerFactory.getLogger(SparkEpochContext.class);

    private final JavaSparkContext sc;
    private final NetworkSpec spec;
    private final MethodSettings settings;
    private final Supplier<Dataset<Row>> miningSplit;
    private final SampleDecoder decoder;
    private final int batchSize;
    private final TrainingState state;
    private final String runDir;
    private final Configuration hadoop;
    private Dataset<Row> mining;
    private MarMemoryBank bank;
    private ComputationGraph graph;
    private Broadcast<String[]> weakSet;
    private Supplier<Dataset<Row>> validationSplit;
    /** Hook values by key, live objects (re-serialised into the run state at every checkpoint). */
    private final Map<String, Object> methodValues = new LinkedHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    SparkEpochContext(JavaSparkContext sc, NetworkSpec spec, MethodSettings settings, Supplier<Dataset<Row>> miningSplit,
                      SampleDecoder decoder, int batchSize, TrainingState state, String runDir, Configuration hadoop) {
        this.sc = sc;
        this.spec = spec;
        this.settings = settings;
        this.miningSplit = miningSplit;
        this.decoder = decoder;
        this.batchSize = batchSize;
        this.state = state;
        this.runDir = runDir;
        this.hadoop = hadoop;
        if (!state.weakSet.isEmpty()) {
            weakSet = sc.broadcast(state.weakSet.toArray(new String[0]));
            LOG.info("weak set from the checkpoint: {}", state.weakSet);
        }
    }

    /** Where {@link #validationRows} reads from (the validation split of the corpus). */
    void validationSplit(Supplier<Dataset<Row>> split) {
        this.validationSplit = split;
    }

    /** The graph the hooks of this epoch see. */
    void graph(ComputationGraph g) {
        this.graph = g;
    }

    /** The weak set as the workers read it (null before one is published). */
    Broadcast<String[]> weakSetBroadcast() {
        return weakSet;
    }

    /** Writes the hook state into the run state (checkpointed with the epoch). */
    void saveInto(TrainingState s) {
        if (bank != null) {
            s.marBank = bank.state();
        }
        methodValues.forEach((k, v) -> s.methodState.put(k, JSON.valueToTree(v)));
    }

    void close() {
        if (mining != null) {
            mining.unpersist();
        }
    }

    @Override
    public MethodSettings settings() {
        return settings;
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public DecodedRows validationRows(int maxRows) {
        if (validationSplit == null) {
            throw new IllegalStateException("no validation split given to the epoch context");
        }
        // Dataset.takeAsList ships rows in Spark SQL's binary form (an RDD take would need Row[] in Kryo).
        List<Row> rows = validationSplit.get().takeAsList(maxRows);
        GeometricTransform resize = GeometricTransform.resize(decoder.outH(), decoder.outW());
        float[][][] pixels = new float[rows.size()][][];
        List<DecodedSample> samples = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            DecodedSample d = decoder.decode(decoder.raw(rows.get(i)), resize);
            pixels[i] = d.pixels();
            samples.add(d);
        }
        LOG.info("decoded {} rows of the validation split on the driver", rows.size());
        // The task's labels, as the training batches take them: classes, or the resized label images.
        return new DecodedRows(pixels, BatchLabels.of(samples, BatchLabels.perPixel(spec)),
                spec.task().labelsPerSample(spec));
    }

    @Override
    public ComputationGraph trainingGraph() {
        return graph;
    }

    @Override
    public HookState hookState() {
        return this;
    }

    @Override
    public MarMemoryBank marBank() {
        if (bank == null) {
            try {
                bank = state.marBank != null
                        ? MarMemoryBank.fromJson(new ObjectMapper().writeValueAsString(state.marBank), spec.modalities())
                        : new MarMemoryBank(spec.modalities(), settings.klEpsilon());
            } catch (IOException e) {
                throw new UncheckedIOException("restoring the MAR memory bank from the checkpoint", e);
            }
        }
        return bank;
    }

    @Override
    public <T> T get(String key, Class<T> type) {
        Object v = methodValues.get(key);
        if (v == null && state.methodState.containsKey(key)) {
            try {
                v = JSON.treeToValue(state.methodState.get(key), type);
            } catch (IOException e) {
                throw new UncheckedIOException("restoring method state '" + key + "' from the checkpoint", e);
            }
            methodValues.put(key, v);
        }
        return v == null ? null : type.cast(v);
    }

    @Override
    public void put(String key, Object value) {
        methodValues.put(key, value);
    }

    private Dataset<Row> mining() {
        if (mining == null) {
            mining = miningSplit.get();
        }
        return mining;
    }

    @Override
    public Map<ModalityCombination, Double> meanActivation(String vertex, List<ModalityCombination> combinations,
                                                           ActivationTransform transform) {
        AssemblerForward forward = new AssemblerForward(new DeploymentInputs(spec), combinations);
        Broadcast<GraphBroadcast> model = sc.broadcast(new GraphBroadcast(TrainingGraphs.extractDeployment(graph)));
        sc.setJobGroup("mmanet-activations-split", "mean activation of " + vertex + " on the "
                + settings.miningSplit() + " split through " + combinations, false);
        double[] means;
        try {
            means = CombinationActivationPass.run(mining().javaRDD(), decoder, model, forward, vertex, transform,
                    batchSize);
        } finally {
            sc.clearJobGroup();
            model.destroy();
        }
        Map<ModalityCombination, Double> result = new LinkedHashMap<>();
        for (int c = 0; c < combinations.size(); c++) {
            result.put(combinations.get(c), means[c]);
        }
        return result;
    }

    @Override
    public Map<ModalityCombination, ConfusionMatrix> predictionConfusions(List<ModalityCombination> combinations) {
        AssemblerForward forward = new AssemblerForward(new DeploymentInputs(spec), combinations);
        Broadcast<GraphBroadcast> model = sc.broadcast(new GraphBroadcast(TrainingGraphs.extractDeployment(graph)));
        sc.setJobGroup("mmanet-predict-split", "predict the " + settings.miningSplit() + " split through "
                + combinations, false);
        ConfusionMatrix[] cms;
        try {
            cms = CombinationConfusionPass.run(mining().javaRDD(), decoder, model, forward,
                    PredictionCounting.of(spec), batchSize);
        } finally {
            sc.clearJobGroup();
            model.destroy();
        }
        Map<ModalityCombination, ConfusionMatrix> byCombination = new LinkedHashMap<>();
        StringBuilder rows = new StringBuilder();
        for (int c = 0; c < combinations.size(); c++) {
            byCombination.put(combinations.get(c), cms[c]);
            rows.append(rows.length() > 0 ? ", " : "").append(combinations.get(c)).append('=').append(cms[c].total());
        }
        LOG.info("predicted the {} split through {} combinations; rows counted per combination (a row counts only"
                + " for combinations it has): {}", settings.miningSplit(), combinations.size(), rows);
        return byCombination;
    }

    @Override
    public void publishWeakSet(Set<ModalityCombination> w) {
        state.weakSet = MarMemoryBank.names(w);
        if (bank != null && bank.epochsRecorded() > 0) { // MAR's files; other methods publish without a bank
            try {
                persistBank();
            } catch (IOException e) {
                throw new UncheckedIOException("writing the MAR weak set under " + runDir, e);
            }
        }
        weakSet = sc.broadcast(state.weakSet.toArray(new String[0]));
        LOG.info("weak set {} broadcast to the workers", state.weakSet);
    }

    /** Writes {@code <run>/mar/weak-set.json} (W, c*, mean discrepancies) and the full bank. */
    private void persistBank() throws IOException {
        MarMemoryBank b = marBank();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("weak_combination", b.weakCombination().toString());
        MarMemoryBank.names(b.weakSet()).forEach(root.putArray("weak_set")::add);
        ObjectNode mean = root.putObject("mean_discrepancy");
        b.meanDiscrepancies().forEach((k, v) -> mean.put(k.toString(), v));
        write(new Path(runDir, "mar/weak-set.json"), json.writeValueAsBytes(root));
        write(new Path(runDir, "mar/memory-bank.json"), b.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void write(Path p, byte[] bytes) throws IOException {
        try (FSDataOutputStream out = p.getFileSystem(hadoop).create(p, true)) {
            out.write(bytes);
        }
    }
}
