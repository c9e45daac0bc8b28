package io.mmanet.compat;

import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;

import java.util.Collection;

/**
 * Parameter averaging whose workers train at the driver's epoch and iteration.
 *
 * <p>Upstream bug (dl4j-spark 1.0.0-M2, {@code ParameterAveragingTrainingWorker#getInitialModelGraph}):
 * the worker builds its network from {@code tuple.getGraphConfiguration().clone()}, and
 * {@code ComputationGraphConfiguration.clone()} "intentionally" drops the iteration and epoch
 * counts. Every worker therefore trains at epoch 0, iteration 0: an epoch-based learning-rate
 * schedule (MMANet's warm-up + steps) stays at its first value for the whole run, and the result
 * differs from single-machine training. The broadcast configuration still carries the counts, so
 * the worker here copies them onto its clone.
 */
public final class EpochCountPreservingTrainingMaster extends ParameterAveragingTrainingMaster {
    private static final long serialVersionUID = 1L;

    public EpochCountPreservingTrainingMaster(ParameterAveragingTrainingMaster.Builder configured) {
        super(configured);
    }

    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph graph) {
        ComputationGraph net = graph.getNetwork();
        NetBroadcastTuple tuple = new NetBroadcastTuple(net.getConfiguration(), net.params(),
                net.getUpdater().getStateViewArray());
        if (collectTrainingStats) {
            stats.logBroadcastStart();
        }
        Broadcast<NetBroadcastTuple> broadcast = graph.getSparkContext().broadcast(tuple);
        if (collectTrainingStats) {
            stats.logBroadcastEnd();
        }
        WorkerConfiguration configuration = new WorkerConfiguration(true, rddDataSetNumExamples, batchSizePerWorker,
                averagingFrequency, prefetchNumBatches, collectTrainingStats);
        return new Worker(broadcast, saveUpdater, configuration, trainingHookList, listeners, getRouterProvider());
    }

    /** The upstream worker, with the broadcast counts restored on its configuration clone. */
    static final class Worker extends ParameterAveragingTrainingWorker {
        private static final long serialVersionUID = 1L;
        private final Broadcast<NetBroadcastTuple> broadcast;

        Worker(Broadcast<NetBroadcastTuple> broadcast, boolean saveUpdater, WorkerConfiguration configuration,
               Collection<TrainingHook> hooks, Collection<TrainingListener> listeners,
               StatsStorageRouterProvider routerProvider) {
            super(broadcast, saveUpdater, configuration, hooks, listeners, routerProvider);
            this.broadcast = broadcast;
        }

        @Override
        public ComputationGraph getInitialModelGraph() {
            ComputationGraph net = super.getInitialModelGraph();
            ComputationGraphConfiguration sent = broadcast.getValue().getGraphConfiguration();
            net.getConfiguration().setEpochCount(sent.getEpochCount());
            net.getConfiguration().setIterationCount(sent.getIterationCount());
            return net;
        }
    }
}
