/**
 * Scheduled retraining as one resumable command ({@code mmanet pipeline}): prep (skipped when the
 * source lists are unchanged), train teacher, train deployment, evaluate, compare with the promoted
 * model on the same test shards, promote only an improvement.
 *
 * <p>The orchestration is pure and testable: {@link io.mmanet.jobs.pipeline.RetrainingPipeline}
 * (the stage state machine), {@link io.mmanet.jobs.pipeline.PromotionRule},
 * {@link io.mmanet.jobs.pipeline.PipelineLock}, {@link io.mmanet.jobs.pipeline.Lineage}; the work of
 * each stage is behind {@link io.mmanet.jobs.pipeline.PipelineJobs}. All state lives in the pipeline
 * directory, through the Hadoop FileSystem API ({@link io.mmanet.jobs.pipeline.PipelineStore}).
 */
package io.mmanet.jobs.pipeline;
