package io.mmanet.jobs.train;

import io.mmanet.compat.LeanRoundTrainingMaster;
import io.mmanet.compat.MaskSafeMultiDataSetLoader;
import io.mmanet.jobs.input.EpochSeeds;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains any ComputationGraph on exported minibatch files with dl4j-spark parameter averaging.
 * The method-specific parts (which graph, which batches) stay outside, so a new method does not
 * change this class.
 *
 * <p>Each averaging round is one {@code fitRound} call (one Spark job) on {@code workers x averagingFrequency}
 * batch files, in an order shuffled by (seed, epoch): the driver can then log every round
 * (score, samples/s, ETA) and label it in the Spark UI, and the order is the same in a resumed run.
 * A fresh {@link ParameterAveragingTrainingMaster} per epoch, seeded by (seed, epoch), keeps
 * dl4j-spark's own split randomness reproducible too. The Builder(numWorkers, rddDataSetNumExamples)
 * form is required: the other one NPEs in fitPaths for graphs (FEASIBILITY.md section 3d). The
 * master is {@link LeanRoundTrainingMaster}: its workers keep the driver's epoch counter (which the
 * learning-rate schedule needs; upstream's lose it) and their networks from round to round, and a
 * round is one Spark job.
 *
 * <p>Determinism on a cluster: a round of {@code n} files runs in {@code min(workers, n)}
 * partitions that are contiguous slices of the seeded order, never repartitioned by dl4j-spark
 * (see {@link #trainingMaster}); a partial last round gives each worker fewer files rather than
 * one worker all of them. With that, parameters are the same bit for bit on local[N] and on a
 * cluster of N executors, and after a lost executor's tasks are re-run.
 */
public final class SparkGraphTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(SparkGraphTrainer.class);

    private final JavaSparkContext sc;
    private final TrainSettings settings;
    private final int workers;
    private final boolean reuseWorkerNetworks;

    public SparkGraphTrainer(JavaSparkContext sc, TrainSettings settings) {
        this(sc, settings, true);
    }

    /** @param reuseWorkerNetworks false rebuilds every worker network each round, as dl4j-spark does (tests) */
    SparkGraphTrainer(JavaSparkContext sc, TrainSettings settings, boolean reuseWorkerNetworks) {
        this.sc = sc;
        this.settings = settings;
        this.workers = settings.resolvedWorkers(sc.defaultParallelism());
        this.reuseWorkerNetworks = reuseWorkerNetworks;
    }

    public int workers() {
        return workers;
    }

    /** Batches per averaging round. */
    public int batchesPerRound() {
        return workers * settings.averagingFrequency();
    }

    /** The training order of an epoch's batch files: sorted, then shuffled by (seed, epoch). */
    public static List<String> epochOrder(List<String> paths, long seed, int epoch) {
        List<String> order = new ArrayList<>(paths);
        Collections.sort(order);
        Collections.shuffle(order, new Random(EpochSeeds.mix(seed, epoch, -1)));
        return order;
    }

    /** Outcome of one epoch: mean score over rounds, samples trained, seconds. */
    public record EpochOutcome(double meanScore, long samples, double seconds, int rounds) {
        public double samplesPerSecond() {
            return seconds > 0 ? samples / seconds : 0;
        }
    }

    /**
     * Runs one epoch over {@code paths}.
     *
     * @param epoch     1-based; the graph's epoch counter is set to epoch - 1 for epoch-based schedules
     * @param label     what is being trained, for logs and the Spark UI (e.g. "deployment mmanet")
     * @param progress  receives per-round progress (and knows the run's ETA)
     */
    public EpochOutcome fitEpoch(ComputationGraph graph, List<String> paths, int epoch, String label,
                                 RunProgress progress) {
        LeanRoundTrainingMaster tm = trainingMaster(epoch);
        SparkComputationGraph sparkNet = new SparkComputationGraph(sc, graph, tm);
        List<String> order = epochOrder(paths, settings.seed(), epoch);
        int perRound = batchesPerRound();
        int rounds = (order.size() + perRound - 1) / perRound;
        long t0 = System.nanoTime();
        double scoreSum = 0;
        long samples = 0;
        int batch = settings.batchSizePerWorker();
        for (int r = 0; r < rounds; r++) {
            List<String> round = order.subList(r * perRound, Math.min(order.size(), (r + 1) * perRound));
            sc.setJobGroup("mmanet-train-e" + epoch, String.format(Locale.ROOT,
                    "train %s: epoch %d/%d, averaging round %d/%d (%d batches)", label, epoch,
                    progress.totalEpochs(), r + 1, rounds, round.size()), false);
            // dl4j-spark adds one to the epoch counter after every fit call, i.e. after every round:
            // without this, round r of an epoch would train at epoch + r's learning rate (warm-up
            // and LR steps several times too fast on Spark). Every round trains at this epoch.
            graph.getConfiguration().setEpochCount(epoch - 1);
            JavaRDD<String> rdd = sc.parallelize(round, Math.min(workers, round.size()));
            if ("direct".equals(settings.approach())) {
                org.datavec.spark.util.SerializableHadoopConfig hadoop =
                        new org.datavec.spark.util.SerializableHadoopConfig(sc.hadoopConfiguration());
                sparkNet.fitMultiDataSet(rdd.map(p -> loadBatch(p, hadoop)));
            } else {
                tm.fitRound(sparkNet, rdd, new MaskSafeMultiDataSetLoader());
            }
            double score = sparkNet.getScore();
            scoreSum += score;
            samples += (long) round.size() * batch;
            progress.round(epoch, r + 1, rounds, samples, (System.nanoTime() - t0) / 1e9, score);
        }
        sc.clearJobGroup();
        graph.getConfiguration().setEpochCount(epoch); // one epoch trained, as a single-JVM fit would count it
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new EpochOutcome(rounds == 0 ? Double.NaN : scoreSum / rounds, samples, seconds, rounds);
    }

    private static MultiDataSet loadBatch(String path, org.datavec.spark.util.SerializableHadoopConfig hadoop)
            throws java.io.IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(hadoop.getConfiguration());
        try (java.io.InputStream in = fs.open(p)) {
            return MaskSafeMultiDataSetLoader.load(in);
        }
    }

    LeanRoundTrainingMaster trainingMaster(int epoch) {
        return new LeanRoundTrainingMaster(new ParameterAveragingTrainingMaster.Builder(workers,
                settings.batchSizePerWorker())
                .batchSizePerWorker(settings.batchSizePerWorker())
                .averagingFrequency(settings.averagingFrequency())
                .workerPrefetchNumBatches(settings.prefetchBatches())
                .aggregationDepth(settings.aggregationDepth())
                .saveUpdater(true)
                // Never: the round's partitions are laid out by parallelize above (contiguous slices
                // of the seeded order), the same on every master. Always made dl4j-spark's
                // BalancedPartitioner pack a partial round into one partition through a shuffle,
                // whose within-partition order follows shuffle-fetch order on a cluster.
                .repartionData(Repartition.Never)
                .rddTrainingApproach("direct".equals(settings.approach())
                        ? RDDTrainingApproach.Direct : RDDTrainingApproach.Export)
                .rngSeed(EpochSeeds.mix(settings.seed(), epoch, -2)), reuseWorkerNetworks);
    }

    static {
        // Quiet dl4j-spark's per-split INFO lines: RunProgress logs each round in our words.
        LOG.debug("SparkGraphTrainer loaded");
    }
}
