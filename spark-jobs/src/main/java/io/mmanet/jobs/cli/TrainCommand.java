package io.mmanet.jobs.cli;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.spark.SharedStorage;
import io.mmanet.jobs.spark.SparkSessions;
import io.mmanet.jobs.train.RunConfig;
import io.mmanet.jobs.train.TrainJob;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Spark job: train the teacher (--role teacher) or the deployment network (--role deployment --method ...) with DL4J parameter averaging.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--role", paramLabel = "ROLE",
            description = "Required: teacher (SF on every modality, the distillation source) or deployment.")
    String role;

    @Option(names = "--method", paramLabel = "METHOD",
            description = "Deployment method, a registered name ('mmanet methods' lists them; default: method.name). "
                    + "sf trains one customised model per combination (or only --combination).")
    String method;

    @Option(names = "--combination", paramLabel = "COMBO",
            description = "For --method sf: train only this combination, e.g. rgb+ir. For --role teacher: the"
                    + " teacher's combination (default full; a modality name for a per-modality teacher).")
    String combination;

    @Option(names = "--data", paramLabel = "URI", description = "Required: output of 'mmanet prep' (any Hadoop URI).")
    String data;

    @Option(names = "--run-dir", paramLabel = "URI",
            description = "Required: run directory: checkpoints, MAR weak set, exported model (any Hadoop URI).")
    String runDir;

    @Option(names = "--teacher", paramLabel = "[MODALITY=]URI",
            description = "The teacher's run directory (methods sp, mad, sr, mmanet distil from it). For"
                    + " modality-teachers: one per modality, --teacher rgb=URI --teacher depth=URI ...; those not"
                    + " given are trained inside --run-dir (teachers/<modality>).")
    List<String> teachers = new ArrayList<>();

    @Option(names = "--resume", description = "Continue from the latest complete checkpoint of --run-dir.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        Config cfg = common.load();
        // Checked after the configuration, so a bad --set is reported first, whatever else is missing.
        CommonOptions.require("--role", role);
        CommonOptions.require("--data", data);
        CommonOptions.require("--run-dir", runDir);
        if (!role.equals("teacher") && !role.equals("deployment")) {
            throw new ConfigValidationException("--role " + role + ": allowed values: teacher, deployment");
        }
        Method m;
        try {
            m = method != null ? Methods.get(method) : MethodSettings.fromConfig(cfg).method();
        } catch (IllegalArgumentException e) {
            throw new ConfigValidationException("--method " + method + ": " + e.getMessage());
        }
        Modalities mods = Modalities.fromConfig(cfg);
        TeacherOptions given = TeacherOptions.parse(teachers, mods);
        if (role.equals("deployment")) {
            TrainJob.checkTeachers(m, mods, given.unnamed(), given.byCombination());
        }
        if (combination != null) {
            if (!role.equals("teacher") && !m.trainsOneCombination()) {
                throw new ConfigValidationException("--combination is only for a method that trains one model per"
                        + " combination (--method sf); " + m.name() + " trains one model for every combination");
            }
            ModalityCombination.parse(combination, mods);
        }
        RunConfig run = RunConfig.resolve(cfg); // every section validated before any Spark work
        Map<String, String> uris = SharedStorage.options("--data", data, "--run-dir", runDir, "--teacher", given.unnamed());
        given.byCombination().forEach((c, uri) -> uris.put("--teacher " + c + "=", uri));
        SharedStorage.require(cfg, uris);
        SparkSession spark = SparkSessions.getOrCreate(cfg);
        CorpusInfo corpus = CorpusInfo.read(data, spark.sparkContext().hadoopConfiguration());
        List<TrainJob.Request> requests = new ArrayList<>();
        if (role.equals("deployment") && m.trainsOneCombination() && combination == null) {
            for (ModalityCombination c : ModalityCombination.all(mods)) {
                requests.add(new TrainJob.Request(role, m, c.toString(), data,
                        runDir.replaceAll("/+$", "") + "/sf-" + c.toString().replace('+', '-'), given.unnamed(),
                        resume, given.byCombination()));
            }
        } else {
            requests.add(new TrainJob.Request(role, m, combination, data, runDir, given.unnamed(), resume,
                    given.byCombination()));
        }
        for (TrainJob.Request r : requests) {
            TrainJob.Result result = TrainJob.run(spark, run, r, corpus);
            System.out.println("model: " + result.modelDir());
        }
        return 0;
    }
}
