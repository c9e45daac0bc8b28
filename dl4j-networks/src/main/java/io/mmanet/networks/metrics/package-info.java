/**
 * Evaluation metrics per modality combination (MMANET_SPEC.md, project decision 9): confusion
 * counts, accuracy, APCER/BPCER/ACER for binary face anti-spoofing with a configured bona-fide
 * label, macro-F1 for multi-class tasks, and the mean over combinations. Pure code: no Spark, no I/O.
 */
package io.mmanet.networks.metrics;
