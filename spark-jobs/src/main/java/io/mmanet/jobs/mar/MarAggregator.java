package io.mmanet.jobs.mar;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmanet.jobs.eval.AssemblerForward;
import io.mmanet.jobs.eval.CombinationConfusionPass;
import io.mmanet.jobs.eval.GraphBroadcast;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.mar.MarMemoryBank;
import io.mmanet.networks.mar.WeakCombinationMiner;
import io.mmanet.networks.metrics.ConfusionMatrix;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs MAR mining for a training run. After each mining epoch, the current deployment network
 * (extracted from the training graph) is broadcast and one distributed pass over the mining split
 * predicts every sample through every (M-1)-combination and the full one from a single decode;
 * the per-partition counts are reduced on the driver and recorded in the memory bank. At the end
 * of warm-up {@link #fixWeakSet} takes the bank's argmax and its subsets.
 */
public final class MarAggregator {
    private static final Logger LOG = LoggerFactory.getLogger(MarAggregator.class);

    private final JavaSparkContext sc;
    private final JavaRDD<Row> miningRows;
    private final SampleDecoder decoder;
    private final BatchAssembler assembler;
    private final Modalities modalities;
    private final int numClasses;
    private final int batchSize;
    private final MarMemoryBank bank;

    public MarAggregator(JavaSparkContext sc, JavaRDD<Row> miningRows, SampleDecoder decoder, BatchAssembler assembler,
                         Modalities modalities, int numClasses, int batchSize, MarMemoryBank bank) {
        this.sc = sc;
        this.miningRows = miningRows;
        this.decoder = decoder;
        this.assembler = assembler;
        this.modalities = modalities;
        this.numClasses = numClasses;
        this.batchSize = batchSize;
        this.bank = bank;
    }

    public MarMemoryBank bank() {
        return bank;
    }

    /** The mining pass after epoch {@code epoch}; records the histograms in the bank and returns them. */
    public Map<ModalityCombination, long[]> mine(int epoch, ComputationGraph trainingGraph) {
        List<ModalityCombination> candidates = WeakCombinationMiner.candidates(modalities);
        AssemblerForward forward = new AssemblerForward(assembler, candidates);
        Broadcast<GraphBroadcast> model = sc.broadcast(new GraphBroadcast(TrainingGraphs.extractDeployment(trainingGraph)));
        sc.setJobGroup("mmanet-mar-e" + epoch, "MAR mining after epoch " + epoch + ": predict the mining split through "
                + candidates, false);
        ConfusionMatrix[] cms;
        try {
            cms = CombinationConfusionPass.run(miningRows, decoder, model, forward, numClasses, batchSize);
        } finally {
            sc.clearJobGroup();
            model.destroy();
        }
        Map<ModalityCombination, long[]> histograms = new LinkedHashMap<>();
        for (int c = 0; c < candidates.size(); c++) {
            long[] h = new long[numClasses];
            for (int k = 0; k < numClasses; k++) {
                h[k] = cms[c].predicted(k);
            }
            histograms.put(candidates.get(c), h);
        }
        bank.record(epoch, histograms);
        StringBuilder sb = new StringBuilder();
        bank.state().epochs.get(bank.state().epochs.size() - 1).discrepancies
                .forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s=%.5f", k, v)));
        LOG.info("MAR mining after epoch {}: predicted-label histograms {}; KL to full:{}", epoch,
                render(histograms), sb);
        return histograms;
    }

    /** Fixes W at the end of warm-up, logs it and returns it (canonical order). */
    public Set<ModalityCombination> fixWeakSet(int epoch) {
        if (bank.epochsRecorded() == 0) {
            throw new IllegalStateException("end of warm-up (epoch " + epoch + ") but no MAR mining epoch was recorded;"
                    + " method.mining-epochs must lie within the warm-up");
        }
        Set<ModalityCombination> w = bank.weakSet();
        StringBuilder sb = new StringBuilder();
        bank.meanDiscrepancies().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s=%.5f", k, v)));
        LOG.info("MAR weak set fixed at the end of warm-up (epoch {}): weakest combination {}, W = {}; memory bank"
                + " (mean KL over {} mining epochs):{}", epoch, bank.weakCombination(), MarMemoryBank.names(w),
                bank.epochsRecorded(), sb);
        return w;
    }

    /** Writes {@code <run>/mar/weak-set.json} (W, c*, mean discrepancies) and the full bank. */
    public void persist(String runDir, Configuration hadoop) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("weak_combination", bank.weakCombination().toString());
        MarMemoryBank.names(bank.weakSet()).forEach(root.putArray("weak_set")::add);
        ObjectNode mean = root.putObject("mean_discrepancy");
        bank.meanDiscrepancies().forEach((k, v) -> mean.put(k.toString(), v));
        write(new Path(runDir, "mar/weak-set.json"), json.writeValueAsBytes(root), hadoop);
        write(new Path(runDir, "mar/memory-bank.json"), bank.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                hadoop);
    }

    private static void write(Path p, byte[] bytes, Configuration hadoop) throws IOException {
        try (FSDataOutputStream out = p.getFileSystem(hadoop).create(p, true)) {
            out.write(bytes);
        }
    }

    private static String render(Map<ModalityCombination, long[]> h) {
        StringBuilder sb = new StringBuilder("{");
        h.forEach((c, v) -> sb.append(sb.length() > 1 ? ", " : "").append(c).append('=').append(java.util.Arrays.toString(v)));
        return sb.append('}').toString();
    }
}
