package io.mmanet.compat;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.SameDiffLoss;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SameDiffLoss} made usable inside DL4J training (ND4J/DL4J 1.0.0-M2.1 bugs, measured in
 * FEASIBILITY.md section 3(b)):
 * <ol>
 *   <li>Workspace bug: SameDiffLoss builds its graph and runs it inside DL4J's training workspace;
 *       its constants then live in recycled memory and fit fails ("Axis array [...] contains values
 *       above array rank", "Shape of target array for reduction ... doesn't match") or scores go
 *       NaN. Here building and running happen in {@code scopeOutOfWorkspaces()}.</li>
 *   <li>Shared-instance bug: {@code Layer.clone()} is shallow, so Spark workers in one JVM share a
 *       loss instance and race on its SameDiff ("Unable to replace samediff namespace"). The
 *       compute methods here are {@code synchronized}.</li>
 *   <li>SameDiffLoss declares rank-1 placeholders and requires labels as wide as the input; a
 *       batch-wise loss needs neither, so the placeholders here are [-1, -1] and the labels may have
 *       any width (subclasses document what they expect).</li>
 * </ol>
 * Performance: DL4J asks an output layer for the gradient and then for the score of the same
 * minibatch; SameDiff's per-op overhead makes each graph execution cost milliseconds, so
 * {@link #computeGradient} computes both in one execution and the score is reused when the next
 * score request has bit-identical inputs.
 * Subclasses must not end {@link #defineLoss} with a dimension sum ({@code x.sum(1)}): its
 * backprop fails in M2.1 ("reduce_sum_bp ... bad input shape"); use {@code mean(1) * n} or
 * a broadcast product instead.
 */
public abstract class WorkspaceSafeSameDiffLoss extends SameDiffLoss {
    private static final long serialVersionUID = 1L;
    private static final String INPUT = "layerInput";
    private static final String LABELS = "labels";

    private transient DataType builtFor;
    private transient INDArray cachedLabels;
    private transient INDArray cachedPreOutput;
    private transient INDArray cachedScores;

    @Override
    protected void createSameDiffInstance(DataType dataType) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            sd = SameDiff.create();
            cachedScores = null;
            SDVariable input = sd.placeHolder(INPUT, dataType, -1, -1);
            SDVariable labels = sd.placeHolder(LABELS, dataType, -1, -1);
            scorePerExampleVariable = defineLoss(sd, input, labels);
            scorePerExampleVariable.markAsLoss();
            sd.createGradFunction(INPUT);
            builtFor = dataType;
        }
    }

    private Map<String, INDArray> placeholders(INDArray labels, INDArray output) {
        if (sd == null || builtFor != output.dataType()) {
            createSameDiffInstance(output.dataType());
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(LABELS, labels.castTo(output.dataType()).dup());
        ph.put(INPUT, output);
        return ph;
    }

    @Override
    public synchronized INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                   INDArray mask) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (cachedScores != null && sameContent(cachedPreOutput, preOutput) && sameContent(cachedLabels, labels)) {
                return cachedScores.dup();
            }
            INDArray output = activationFn.getActivation(preOutput.dup(), true);
            Map<String, INDArray> ph = placeholders(labels, output);
            INDArray score = sd.outputSingle(ph, scorePerExampleVariable.name());
            return score.reshape(score.length(), 1);
        }
    }

    private static boolean sameContent(INDArray cached, INDArray now) {
        if (cached == null || !java.util.Arrays.equals(cached.shape(), now.shape())) {
            return false;
        }
        INDArray n = now.dataType() == cached.dataType() ? now : now.castTo(cached.dataType());
        return !cached.neq(n).any();
    }

    @Override
    public synchronized double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                            INDArray mask, boolean average) {
        INDArray scores = computeScoreArray(labels, preOutput, activationFn, mask);
        double score = scores.sumNumber().doubleValue();
        return average ? score / scores.size(0) : score;
    }

    @Override
    public synchronized INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                 INDArray mask) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray output = activationFn.getActivation(preOutput.dup(), true);
            Map<String, INDArray> ph = placeholders(labels, output);
            String scoreName = scorePerExampleVariable.name();
            OutAndGrad result = sd.calculateGradientsAndOutputs(ph, List.of(scoreName), List.of(INPUT));
            INDArray score = result.getOutputs().get(scoreName);
            cachedScores = score.reshape(score.length(), 1).dup();
            cachedPreOutput = preOutput.dup();
            cachedLabels = labels.dup();
            INDArray dLdOut = result.getGradients().get(INPUT);
            return activationFn.backprop(preOutput.dup(), dLdOut.dup()).getFirst();
        }
    }

    @Override
    public synchronized Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        INDArray gradient = computeGradient(labels, preOutput, activationFn, mask);
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average), gradient);
    }
}
