/**
 * Evaluation on every modality combination (MMANET_SPEC.md decision 9): one distributed pass over
 * the test split with a single decode per sample, per-partition confusion counts reduced on the
 * driver, and the reports (metrics.json, report.md, report.html).
 */
package io.mmanet.jobs.eval;
