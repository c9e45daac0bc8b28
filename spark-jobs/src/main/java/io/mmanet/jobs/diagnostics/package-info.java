/**
 * Post-hoc diagnostics of an ablation from its kept checkpoints ({@code mmanet diagnose}, and
 * {@code ablation.diagnostics}): per run and epoch, the validation headline metric per combination
 * (the evaluation job's own pass and metrics), the loss terms and their gradient norms at the
 * deployment trunk, the teacher's confidence, MAR's weak set and memory bank; JSON and HTML pages.
 */
package io.mmanet.jobs.diagnostics;
