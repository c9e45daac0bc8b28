/**
 * The exported deployment model: {@code model.zip} (deployment-only graph: no teacher, no
 * regularization network) and {@code model-card.json} (modalities, input size, normalisation,
 * classes, weak set, metrics) that {@code eval} and future inference read.
 */
package io.mmanet.jobs.export;
