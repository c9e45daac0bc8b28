package io.mmanet.compat;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * DL4J's graph updater, told when the gradient it gets is the network's own flattened gradient.
 *
 * <p>DL4J M2.1's {@code BaseMultiLayerUpdater.update} takes its fast path only when
 * {@code gradient.gradient() == getFlattenedGradientsView()} (object identity), but
 * {@code DefaultGradient.gradient()} returns a new {@code reshape} view each call, so the test never
 * holds and every step takes the "external gradient" path: per parameter of every layer, L2
 * regularisation cuts two fresh views out of the whole gradient and parameter vectors (~7% of a
 * demo-model step, docs/benchmarks.md). Here a gradient that views the same memory as the network's
 * flattened gradient is handed on as that very array, so DL4J applies the same arithmetic to the
 * same memory through its per-block views ({@code FlatGradientUpdaterTest}: bit-identical training).
 */
public class FlatGradientUpdater extends ComputationGraphUpdater {

    private FlatGradientUpdater(ComputationGraph graph, INDArray updaterState) {
        super(graph, updaterState);
    }

    /** Replaces the graph's updater with this one, on the same updater state array. */
    public static void install(ComputationGraph graph) {
        ComputationGraphUpdater current = graph.getUpdater();
        if (!(current instanceof FlatGradientUpdater)) {
            graph.setUpdater(new FlatGradientUpdater(graph, current.getStateViewArray()));
        }
    }

    @Override
    public synchronized void update(Gradient gradient, int iteration, int epoch, int batchSize,
                                    LayerWorkspaceMgr workspaceMgr) {
        INDArray own = getFlattenedGradientsView();
        super.update(sameMemory(gradient.gradient(), own) ? onOwnView(gradient, own) : gradient,
                iteration, epoch, batchSize, workspaceMgr);
    }

    private static boolean sameMemory(INDArray a, INDArray b) {
        return a != null && b != null && a.length() == b.length() && a.offset() == b.offset()
                && a.data().address() == b.data().address() && a.dataType() == b.dataType();
    }

    /** The same per-variable gradients, whose flattened gradient is exactly {@code own}. */
    private static Gradient onOwnView(Gradient gradient, INDArray own) {
        DefaultGradient g = new DefaultGradient(own) {
            @Override
            public INDArray gradient() {
                return own;
            }
        };
        for (Map.Entry<String, INDArray> e : gradient.gradientForVariable().entrySet()) {
            Character order = gradient.flatteningOrderForVariable(e.getKey());
            if (order == null) {
                g.setGradientFor(e.getKey(), e.getValue());
            } else {
                g.setGradientFor(e.getKey(), e.getValue(), order);
            }
        }
        return g;
    }
}
