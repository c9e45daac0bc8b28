package io.mmanet.jobs.train;

import io.mmanet.jobs.checkpoint.TrainingState;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.method.Method;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Naturally incomplete corpora (spec decision 2): a row trains a model only if the method can use
 * what it has. Per-sample dropout methods use every row (each draws among the subsets of what it
 * has); a model of one fixed combination (SF, the full-modality teacher) uses the rows that have
 * every modality of it. The counts go to the driver log and the run state.
 */
final class TrainableRows {
    private static final Logger LOG = LoggerFactory.getLogger(TrainableRows.class);

    private TrainableRows() {
    }

    /**
     * The rows of {@code rows} that can train {@code method}; records the counts in {@code state}.
     * With nothing to skip the input RDD itself is returned, so complete corpora train exactly as
     * before (same partitions, same order).
     */
    static JavaRDD<Row> select(JavaRDD<Row> rows, SampleDecoder decoder, Method method, ModalityCombination fixed,
                               Modalities modalities, String label, TrainingState state) {
        ModalityCombination combination = fixed != null ? fixed : ModalityCombination.full(modalities);
        JavaRDD<Row> usable = rows.filter(r -> method.canTrain(
                ModalityCombination.ofBits(decoder.presentBits(r), modalities), combination));
        long total = rows.count();
        long kept = usable.count();
        state.trainRows = kept;
        state.skippedRows = total - kept;
        state.skipReason = kept == total ? null
                : "the rows lack a modality of " + combination + ", which every row of this model uses";
        if (kept == total) {
            LOG.info("{}: trains on all {} rows of the train split", label, total);
            return rows;
        }
        LOG.info("{}: trains on {} of {} rows of the train split; {} skipped: {}", label, kept, total, total - kept,
                state.skipReason);
        return usable;
    }
}
