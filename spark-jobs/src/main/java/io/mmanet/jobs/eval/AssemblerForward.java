package io.mmanet.jobs.eval;

import io.mmanet.jobs.input.DecodedSample;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.data.DeploymentInputs;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/** Deployment-graph inputs per combination, as {@link DeploymentInputs} lays them out. */
public final class AssemblerForward implements CombinationForward {
    private static final long serialVersionUID = 1L;

    private final DeploymentInputs assembler;
    private final List<ModalityCombination> combinations;

    public AssemblerForward(DeploymentInputs assembler, List<ModalityCombination> combinations) {
        this.assembler = assembler;
        this.combinations = new ArrayList<>(combinations);
    }

    @Override
    public int size() {
        return combinations.size();
    }

    @Override
    public String name(int c) {
        return combinations.get(c).toString();
    }

    @Override
    public int bits(int c) {
        return combinations.get(c).bits();
    }

    public ModalityCombination combination(int c) {
        return combinations.get(c);
    }

    @Override
    public INDArray[] inputs(List<DecodedSample> samples, int c) {
        float[][][] pixels = new float[samples.size()][][];
        for (int i = 0; i < samples.size(); i++) {
            pixels[i] = samples.get(i).pixels();
        }
        return assembler.inferenceInputs(pixels, combinations.get(c));
    }
}
