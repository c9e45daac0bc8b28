/** Modalities, modality combinations and the per-sample modality-dropout draw (spec decisions 1-2). */
package io.mmanet.networks.combination;
