package io.mmanet.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import io.mmanet.jobs.predict.PredictJob;
import io.mmanet.jobs.spark.SharedStorage;
import io.mmanet.jobs.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Batch scoring with a run's deployment model: each row through the modalities it has "
                + "(or a forced combination); writes OUT/predictions (Parquet: id, label, predicted, predicted_label, "
                + "probabilities, combination), OUT/quarantine (rows that cannot be scored) and OUT/summary.json.")
public final class PredictCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--model", required = true, paramLabel = "URI",
            description = "A run directory (its model/) or a model directory with model.zip and model-card.json.")
    String model;

    @Option(names = "--data", required = true, paramLabel = "URI", description = "Output of 'mmanet prep'.")
    String data;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT", description = "Split to score (default: test).")
    String split;

    @Option(names = "--out", required = true, paramLabel = "URI", description = "New output directory (any Hadoop URI).")
    String out;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--combination", paramLabel = "COMBO",
                description = "Force one combination for every row, e.g. rgb+ir (rows lacking one of its modalities are quarantined).")
        String combination;

        @Option(names = "--present-columns",
                description = "Each row uses the modalities present in it (<m>_present columns); the default.")
        boolean presentColumns;
    }

    @Override
    public Integer call() throws Exception {
        Config cfg = common.load();
        int batch = io.mmanet.jobs.train.TrainSettings.evalBatchSize(cfg);
        SharedStorage.require(cfg, SharedStorage.options("--model", model, "--data", data, "--out", out));
        SparkSession spark = SparkSessions.getOrCreate(cfg);
        PredictJob.Summary s;
        try {
            s = PredictJob.run(spark, model, data, split, out, mode.combination, batch);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage(), CliExceptionHandler.EXIT_INPUT);
        }
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s));
        return 0;
    }
}
