package io.mmanet.jobs.diagnostics;

import io.mmanet.jobs.eval.AssemblerForward;
import io.mmanet.jobs.eval.CombinationConfusionPass;
import io.mmanet.jobs.eval.EvalJob;
import io.mmanet.jobs.eval.EvaluationReport;
import io.mmanet.jobs.eval.GraphBroadcast;
import io.mmanet.jobs.eval.PredictionCounting;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.jobs.input.GeometricTransform;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.DeploymentInputs;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.metrics.ConfusionMatrix;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One split of the corpus, read once and cached, on which any deployment network is evaluated
 * through its combinations with the evaluation job's own pass and metrics
 * ({@link CombinationConfusionPass}, {@link EvalJob#report}): a curve point is what {@code eval}
 * would report for that epoch's exported model. Also hands the split's rows, decoded on the
 * driver, to the diagnostics that need the outputs themselves (teacher entropy, probe batches).
 */
final class SplitEvaluation implements AutoCloseable {
    private final SparkSession spark;
    private final CorpusInfo corpus;
    private final String split;
    private final int batchSize;
    private final Dataset<Row> rows;
    private final Map<String, List<DecodedSample>> decoded = new LinkedHashMap<>();

    SplitEvaluation(SparkSession spark, CorpusInfo corpus, String split, int batchSize) {
        this.spark = spark;
        this.corpus = corpus;
        this.split = split;
        this.batchSize = batchSize;
        this.rows = ShardReader.read(spark, corpus, split).persist(StorageLevel.MEMORY_AND_DISK());
    }

    String split() {
        return split;
    }

    int batchSize() {
        return batchSize;
    }

    CorpusInfo corpus() {
        return corpus;
    }

    /**
     * The report of {@code deployment} (named {@code name}) on {@code combinations} of the split:
     * the same counting pass and metrics as the evaluation job.
     */
    EvaluationReport evaluate(String name, ComputationGraph deployment, NetworkSpec spec,
                              List<ModalityCombination> combinations) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        AssemblerForward forward = new AssemblerForward(new DeploymentInputs(spec), combinations);
        Broadcast<GraphBroadcast> bc = sc.broadcast(new GraphBroadcast(deployment));
        ConfusionMatrix[] cms;
        sc.setJobGroup("mmanet-diagnose", "diagnose " + name + " on " + split, false);
        try {
            cms = CombinationConfusionPass.run(rows.javaRDD(), decoder(spec), bc, forward, PredictionCounting.of(spec),
                    batchSize);
        } finally {
            sc.clearJobGroup();
            bc.destroy();
        }
        Map<String, ConfusionMatrix> byCombination = new LinkedHashMap<>();
        for (int c = 0; c < combinations.size(); c++) {
            byCombination.put(combinations.get(c).toString(), cms[c]);
        }
        return EvalJob.report(Map.of(name, byCombination), Map.of(name, spec.task()), corpus, split);
    }

    /** The split's rows decoded at {@code spec}'s input size on the driver (once per size). */
    List<DecodedSample> decodedRows(NetworkSpec spec) {
        String key = spec.inputHeight() + "x" + spec.inputWidth();
        return decoded.computeIfAbsent(key, k -> {
            SampleDecoder decoder = decoder(spec);
            GeometricTransform resize = GeometricTransform.resize(decoder.outH(), decoder.outW());
            List<DecodedSample> samples = new ArrayList<>();
            // Dataset.collectAsList ships rows in Spark SQL's binary form (no Kryo registration needed).
            for (Row r : rows.collectAsList()) {
                samples.add(decoder.decode(decoder.raw(r), resize));
            }
            return samples;
        });
    }

    private SampleDecoder decoder(NetworkSpec spec) {
        return corpus.decoder(spec.inputHeight(), spec.inputWidth());
    }

    @Override
    public void close() {
        rows.unpersist();
    }
}
