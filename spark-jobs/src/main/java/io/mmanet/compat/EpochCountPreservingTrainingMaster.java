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
public class EpochCountPreservingTrainingMaster extends ParameterAveragingTrainingMaster {
    private static final long serialVersionUID = 1L;

    public EpochCountPreservingTrainingMaster(ParameterAveragingTrainingMaster.Builder configured) {
        super(configured);
    }

    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph graph) {
        return new Worker(broadcastNetwork(graph), saveUpdater, workerConfiguration(), trainingHookList, listeners,
                getRouterProvider());
    }

    /** What upstream broadcasts each round: configuration, parameters and updater state. */
    protected Broadcast<NetBroadcastTuple> broadcastNetwork(SparkComputationGraph graph) {
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
        return broadcast;
    }

    protected WorkerConfiguration workerConfiguration() {
        return new WorkerConfiguration(true, rddDataSetNumExamples, batchSizePerWorker, averagingFrequency,
                prefetchNumBatches, collectTrainingStats);
    }

    /** The upstream worker, with the broadcast counts restored on its configuration clone. */
    static class Worker extends ParameterAveragingTrainingWorker {
        private static final long serialVersionUID = 1L;
        final Broadcast<NetBroadcastTuple> broadcast;

        Worker(Broadcast<NetBroadcastTuple> broadcast, boolean saveUpdater, WorkerConfiguration configuration,
               Collection<TrainingHook> hooks, Collection<TrainingListener> listeners,
               StatsStorageRouterProvider routerProvider) {
            super(broadcast, saveUpdater, configuration, hooks, listeners, routerProvider);
            this.broadcast = broadcast;
        }

        @Override
        public ComputationGraph getInitialModelGraph() {
            ComputationGraph net = super.getInitialModelGraph();
            restoreCounts(net);
            return net;
        }

        /** Copies the driver's epoch and iteration counts onto the worker's network. */
        final void restoreCounts(ComputationGraph net) {
            ComputationGraphConfiguration sent = broadcast.getValue().getGraphConfiguration();
            net.getConfiguration().setEpochCount(sent.getEpochCount());
            net.getConfiguration().setIterationCount(sent.getIterationCount());
        }
    }
}
