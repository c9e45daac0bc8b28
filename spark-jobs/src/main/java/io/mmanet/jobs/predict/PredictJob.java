package io.mmanet.jobs.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mmanet.networks.method.Methods;
import io.mmanet.jobs.eval.AssemblerForward;
import io.mmanet.jobs.eval.GraphBroadcast;
import io.mmanet.jobs.export.ModelCard;
import io.mmanet.jobs.export.ModelExport;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.NetworkSpec;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Distributed batch scoring with a run's deployment model: {@code <out>/predictions} (Parquet:
 * id, label of the data, predicted class index and name, class probabilities, the combination
 * used), {@code <out>/quarantine} (Parquet: id, label, reason) and {@code <out>/summary.json}.
 * Rows go through the modalities they have, or through a forced combination; preprocessing is
 * the model card's (input size, normalisation), exactly as evaluation applies it.
 */
public final class PredictJob {
    private static final Logger LOG = LoggerFactory.getLogger(PredictJob.class);

    /** Rows out of {@link RowScorer}; the scored ones keep all but reason, the quarantined id, label, reason. */
    static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("predicted", DataTypes.IntegerType, true)
            .add("predicted_label", DataTypes.StringType, true)
            .add("probabilities", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("combination", DataTypes.StringType, true)
            .add("reason", DataTypes.StringType, true);

    private PredictJob() {
    }

    /** What was scored, by combination, and how many rows were quarantined. */
    public record Summary(String model, String data, String split, String mode, long scored, long quarantined,
                          Map<String, Long> byCombination, List<String> classes, String out) {
    }

    /**
     * @param forced a combination such as "rgb+ir", or null: each row uses the modalities it has
     */
    public static Summary run(SparkSession spark, String modelUri, String dataUri, String split, String outUri,
                              String forced, int batchSize) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        Path out = new Path(outUri);
        FileSystem fs = out.getFileSystem(hadoop);
        if (fs.exists(out) && fs.listStatus(out).length > 0) {
            throw new IllegalArgumentException("--out " + outUri + " exists and is not empty; choose a new directory");
        }
        ModelExport.Exported model = ModelExport.read(modelUri, hadoop);
        ModelCard card = model.card();
        requireDecoderNormalisation(card);
        Modalities mods = modalities(card);
        CorpusInfo corpus = CorpusInfo.read(dataUri, hadoop);
        corpus.checkMatches(mods);
        // An SF model knows one combination only: rows use it (or are quarantined).
        String forcedName = forced != null ? forced : card.combination;
        int forcedBits = forcedName == null ? 0 : ModalityCombination.parse(forcedName, mods).bits();
        NetworkSpec spec = NetworkSpec.builder(mods).input(card.inputHeight, card.inputWidth)
                .numClasses(card.classes.size()).dataType(model.graph().params().dataType()).build();
        AssemblerForward forward = new AssemblerForward(new BatchAssembler(spec, Methods.get("sf-md")),
                ModalityCombination.all(mods));
        RowScorer scorer = new RowScorer(corpus.decoder(card.inputHeight, card.inputWidth), forward, card.classes,
                forcedBits, batchSize);
        String mode = forcedName == null ? "present-columns" : "combination " + forcedName;

        Broadcast<GraphBroadcast> bc = sc.broadcast(new GraphBroadcast(model.graph()));
        sc.setJobGroup("mmanet-predict", "predict with " + model.location() + " on " + split + " (" + mode + ")", false);
        long t0 = System.nanoTime();
        Dataset<Row> scored;
        try {
            JavaRDD<Row> rows = ShardReader.read(spark, corpus, split).javaRDD()
                    .mapPartitions((Iterator<Row> it) -> scorer.score(it, bc.value()));
            scored = spark.createDataFrame(rows, SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
            scored.filter("reason IS NULL").drop("reason").write().parquet(new Path(out, "predictions").toString());
            scored.filter("reason IS NOT NULL").select("id", "label", "reason").write()
                    .parquet(new Path(out, "quarantine").toString());
        } finally {
            sc.clearJobGroup();
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < forward.size(); c++) {
            names.add(forward.name(c));
        }
        long[] counts = countByCombination(scored, names);
        scored.unpersist();
        bc.destroy();
        Map<String, Long> byCombination = new LinkedHashMap<>();
        long total = 0;
        for (int c = 0; c < names.size(); c++) {
            if (counts[c] > 0) {
                byCombination.put(names.get(c), counts[c]);
                total += counts[c];
            }
        }
        Summary summary = new Summary(model.location(), dataUri, split, mode, total, counts[names.size()],
                byCombination, card.classes, outUri);
        try (FSDataOutputStream o = fs.create(new Path(out, "summary.json"), true)) {
            o.write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(summary));
        }
        LOG.info("predicted {} rows ({} quarantined) of {} with {} in {} s: {}", total, summary.quarantined(), split,
                model.location(), String.format("%.1f", (System.nanoTime() - t0) / 1e9), byCombination);
        return summary;
    }

    /** Rows per combination (index as in {@code names}), quarantined rows last; one pass, long[] results. */
    private static long[] countByCombination(Dataset<Row> scored, List<String> names) {
        List<String> copy = new ArrayList<>(names);
        List<long[]> parts = scored.select("combination").javaRDD().mapPartitions((Iterator<Row> it) -> {
            long[] n = new long[copy.size() + 1];
            while (it.hasNext()) {
                Row r = it.next();
                n[r.isNullAt(0) ? copy.size() : copy.indexOf(r.getString(0))]++;
            }
            return java.util.Collections.singletonList(n).iterator();
        }).collect();
        long[] total = new long[names.size() + 1];
        for (long[] p : parts) {
            for (int i = 0; i < total.length; i++) {
                total[i] += p[i];
            }
        }
        return total;
    }

    /** The card's preprocessing must be the one {@link SampleDecoder} applies; refuse anything else. */
    static void requireDecoderNormalisation(ModelCard card) {
        ModelCard.Normalisation n = card.normalisation;
        if (!"fixed".equals(n.kind) || n.mean != SampleDecoder.MEAN || n.std != SampleDecoder.STD
                || !"NCHW".equals(n.layout)) {
            throw new IllegalArgumentException("the model card's normalisation (" + n.kind + ", mean " + n.mean
                    + ", std " + n.std + ", " + n.layout + ") is not the fixed (x - " + SampleDecoder.MEAN + ") / "
                    + SampleDecoder.STD + " NCHW this build applies");
        }
    }

    private static Modalities modalities(ModelCard card) {
        return new Modalities(card.modalities);
    }
}
