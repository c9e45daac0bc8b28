package io.mmanet.jobs.input;

import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.Serializable;
import java.util.List;
import java.util.Random;

/**
 * Turns decoded samples into one training minibatch for a given graph. The method decides what
 * goes in (drawn combinations, teacher inputs, MAR mask from the broadcast weak set); the Spark
 * plumbing only hands over samples and the partition's epoch-seeded generator, which must be the
 * only source of randomness.
 */
@FunctionalInterface
public interface BatchBuilder extends Serializable {
    MultiDataSet build(List<DecodedSample> samples, Random rng);
}
