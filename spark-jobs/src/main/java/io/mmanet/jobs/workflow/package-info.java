/** The generate/prep, teacher, methods, evaluation workflow shared by demo, ablation and pipeline. */
package io.mmanet.jobs.workflow;
