package io.mmanet.jobs.pipeline;

import java.util.Map;

/**
 * The work of each stage, behind one interface so the orchestration is tested on its own. Every
 * method writes only under the output it is given and may be called again after a crash: it must
 * overwrite (or resume) what an interrupted call left there.
 */
public interface PipelineJobs {

    /** Checksum of the corpus' source lists, computed as the prep manifest records it. */
    String sourceChecksum(String corpus);

    /** Prepares the corpus into {@code out} (manifest + shards); returns the manifest's checksum. */
    String prep(String corpus, String out);

    /** Trains the teacher on the prepared data; returns the saved model's URI (under outDir). */
    String trainTeacher(String shards, String outDir);

    /** Trains the deployment network distilled from the teacher; returns its model URI. */
    String trainDeployment(String shards, String teacherModel, String outDir);

    /**
     * Evaluates a model on the test split of the prepared data, writes metrics.json into outDir and
     * returns the mean over modality combinations of each metric.
     */
    Map<String, Double> evaluate(String model, String shards, String outDir);
}
