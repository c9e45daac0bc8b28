package io.mmanet.jobs.eval;

import io.mmanet.jobs.input.DecodedSample;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.List;

/**
 * How a deployment-only model sees a batch of decoded samples through each modality combination
 * (the method's input layout). Evaluation and MAR mining forward every combination from one decode.
 */
public interface CombinationForward extends Serializable {
    /** Number of combinations evaluated. */
    int size();

    /** Name of combination {@code c} (e.g. "rgb+ir"). */
    String name(int c);

    /** Bits of the modalities combination {@code c} uses (bit m = modality m). */
    int bits(int c);

    /** Model inputs for {@code samples}, with the modalities outside combination {@code c} missing. */
    INDArray[] inputs(List<DecodedSample> samples, int c);
}
