package io.mmanet.compat;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.datavec.spark.util.BroadcastHadoopConfigHolder;
import org.deeplearning4j.core.loader.MultiDataSetLoader;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.ExecuteWorkerPathMDSFlatMap;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collection;

/**
 * Parameter averaging rounds without the per-round work that does not change the result.
 *
 * <p>Upstream behaviour (dl4j-spark 1.0.0-M2, {@code ParameterAveragingTrainingMaster} and
 * {@code ParameterAveragingTrainingWorker}), paid on every averaging round:
 * <ul>
 *   <li>{@code fitPaths} counts the paths with a Spark job of its own before the training job, to
 *       split them into rounds; our trainer already hands it exactly one round;</li>
 *   <li>every task builds its network anew from the broadcast configuration
 *       ({@code new ComputationGraph(conf.clone())}, {@code init}, a new updater): layers, views,
 *       layer helpers and the SameDiff losses' graphs are made again, and the first steps of a new
 *       network run cold;</li>
 *   <li>the round's results stay persisted and its broadcast (parameters, updater state,
 *       configuration) stays in the block managers after the round.</li>
 * </ul>
 * {@link #fitRound} trains one round with one Spark job, the workers keep their networks in the
 * executor JVM between rounds ({@link WorkerNetworkPool}, one network per running task, keyed by
 * the configuration) and copy the broadcast parameters and updater state into them, and the
 * round's broadcast is destroyed when the round is averaged. The arithmetic is the same: a reused
 * network starts each round from exactly the values a rebuilt one gets (tested bit for bit).
 */
public final class LeanRoundTrainingMaster extends EpochCountPreservingTrainingMaster {
    private static final long serialVersionUID = 1L;

    private final boolean reuseNetworks;
    private transient ComputationGraphConfiguration keyed;
    private transient String key;
    private transient Broadcast<NetBroadcastTuple> roundBroadcast;

    /** @param reuseNetworks false builds each round's networks as upstream does (for comparison) */
    public LeanRoundTrainingMaster(ParameterAveragingTrainingMaster.Builder configured, boolean reuseNetworks) {
        super(configured);
        this.reuseNetworks = reuseNetworks;
    }

    /**
     * One averaging round over {@code paths}, in the RDD's partitions as given (one worker per
     * partition). Same effect on {@code graph} as {@code graph.fitPaths(paths, loader)} on a round
     * that fits in one split: averaged parameters, updater state and score, iteration count
     * advanced by the averaging frequency, epoch count by one.
     */
    public void fitRound(SparkComputationGraph graph, JavaRDD<String> paths, MultiDataSetLoader loader) {
        ParameterAveragingTrainingWorker worker = getWorkerInstance(graph);
        try {
            JavaRDD<ParameterAveragingTrainingResult> results = paths.mapPartitions(new ExecuteWorkerPathMDSFlatMap<>(
                    worker, loader, BroadcastHadoopConfigHolder.get(graph.getSparkContext())));
            processResults(null, graph, results, 1, 1);
        } finally {
            roundBroadcast.destroy(false);
            roundBroadcast = null;
        }
        graph.getNetwork().incrementEpochCount(); // as SparkComputationGraph.fitPaths does after each call
    }

    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph graph) {
        Broadcast<NetBroadcastTuple> broadcast = broadcastNetwork(graph);
        roundBroadcast = broadcast;
        boolean listening = listeners != null && !listeners.isEmpty();
        if (!reuseNetworks || listening) {
            return new Worker(broadcast, saveUpdater, workerConfiguration(), trainingHookList, listeners,
                    getRouterProvider());
        }
        return new ReusingWorker(broadcast, keyOf(graph.getNetwork().getConfiguration()), saveUpdater,
                workerConfiguration(), trainingHookList, getRouterProvider());
    }

    /** The pool key, once per configuration object (the trainer makes a master per epoch). */
    private String keyOf(ComputationGraphConfiguration conf) {
        if (conf != keyed) {
            key = WorkerNetworkPool.key(conf);
            keyed = conf;
        }
        return key;
    }

    /** A worker that takes its network from the JVM's pool and gives it back with its result. */
    static final class ReusingWorker extends Worker {
        private static final long serialVersionUID = 1L;
        private final String key;
        private transient ComputationGraph borrowed;

        ReusingWorker(Broadcast<NetBroadcastTuple> broadcast, String key, boolean saveUpdater,
                      WorkerConfiguration configuration, Collection<TrainingHook> hooks,
                      StatsStorageRouterProvider routerProvider) {
            super(broadcast, saveUpdater, configuration, hooks, (Collection<TrainingListener>) null, routerProvider);
            this.key = key;
        }

        @Override
        public ComputationGraph getInitialModelGraph() {
            ComputationGraph net = WorkerNetworkPool.borrow(key);
            if (net == null) {
                net = super.getInitialModelGraph();
                FlatGradientUpdater.install(net);
            } else {
                // What the rebuilt network would start from: the broadcast parameters, updater
                // state and counts (the configuration is the same by the key).
                NetBroadcastTuple tuple = broadcast.getValue();
                net.setParams(tuple.getParameters());
                if (tuple.getUpdaterState() != null) {
                    net.getUpdater().getStateViewArray().assign(tuple.getUpdaterState());
                }
                restoreCounts(net);
                Nd4j.getExecutioner().commit();
            }
            borrowed = net;
            return net;
        }

        @Override
        public ParameterAveragingTrainingResult getFinalResult(ComputationGraph network) {
            ParameterAveragingTrainingResult r = super.getFinalResult(network);
            if (network != borrowed) {
                return r;
            }
            // The result leaves the task after the network is free again: it must own its arrays.
            ParameterAveragingTrainingResult own = new ParameterAveragingTrainingResult(r.getParameters().dup(),
                    dupOrNull(r.getUpdaterState()), r.getScore(), r.getListenerMetaData(), r.getListenerStaticInfo(),
                    r.getListenerUpdates());
            borrowed = null;
            WorkerNetworkPool.giveBack(key, network);
            return own;
        }

        private static INDArray dupOrNull(INDArray a) {
            return a == null ? null : a.dup();
        }
    }
}
