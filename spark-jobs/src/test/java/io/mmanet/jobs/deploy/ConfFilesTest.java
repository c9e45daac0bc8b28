package io.mmanet.jobs.deploy;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.pipeline.PipelineSettings;
import io.mmanet.jobs.train.TrainSettings;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.OptimizerSettings;
import io.mmanet.prep.corpus.CorpusSettings;
import io.mmanet.prep.generate.GenerateSettings;
import io.mmanet.prep.shard.PrepSettings;
import io.mmanet.jobs.spark.SparkSessions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every configuration users copy (conf/*.conf, and the bases they include) loads through
 * MmanetConfig.load like `mmanet config --conf FILE`, and the cluster profiles layer under a job
 * config the way deploy/submit.sh layers them.
 */
class ConfFilesTest {

    static List<Path> confFiles() throws IOException {
        try (Stream<Path> s = Files.walk(DeployTree.root().resolve("conf"))) {
            return s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
    }

    static Config load(Path f) {
        return MmanetConfig.load(f, List.of());
    }

    static Config layered(List<Path> layers) {
        return SubmitProfile.load(layers, List.of());
    }

    /** The typed settings every job builds first: allowed values and ranges, beyond key names. */
    static void checkTyped(Config c) {
        NetworkSpec.fromConfig(c);
        MethodSettings.fromConfig(c);
        OptimizerSettings.fromConfig(c);
        CorpusSettings.fromConfig(c);
        PrepSettings.fromConfig(c);
        if (c.getStringList("corpus.label-names").size() == 2 && c.getString("corpus.task").equals("classification")) {
            // Only the binary anti-spoofing corpora can be generated (demo.conf).
            GenerateSettings.fromConfig(c);
        }
        if (c.getStringList("corpus.label-names").equals(io.mmanet.prep.generate.SceneKind.labelNames())) {
            // The synthetic segmentation scenes (segmentation-synthetic.conf).
            io.mmanet.prep.generate.SceneGenerator.Settings.fromConfig(c);
        }
        TrainSettings.fromConfig(c);
        PipelineSettings.fromConfig(c);
        SparkSessions.sparkConf(c);
    }

    @Test
    void everyConfFileLoadsAndValidates() throws IOException {
        List<Path> files = confFiles();
        assertTrue(files.size() >= 10, files.toString());
        List<String> failures = new ArrayList<>();
        for (Path f : files) {
            try {
                checkTyped(MmanetConfig.load(f, List.of()));
            } catch (ConfigValidationException | com.typesafe.config.ConfigException e) {
                failures.add(DeployTree.root().relativize(f) + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            fail("configuration files that do not load:\n" + String.join("\n", failures));
        }
    }

    @Test
    void everyProfileLayersUnderEveryJobConfig() throws IOException {
        List<String> jobs = List.of("demo.conf", "casia-surf.conf", "cefa.conf", "fashion-mnist-views.conf");
        List<List<String>> profiles = List.of(List.of("local.conf"), List.of("yarn.conf"), List.of("k8s.conf"),
                List.of("yarn.conf", "gpu.conf"), List.of("k8s.conf", "gpu.conf"));
        Path conf = DeployTree.root().resolve("conf");
        for (String job : jobs) {
            for (List<String> profile : profiles) {
                List<Path> layers = new ArrayList<>();
                profile.forEach(p -> layers.add(conf.resolve(p)));
                layers.add(conf.resolve(job));
                Config c = layered(layers);
                checkTyped(c);
                // The job's keys survive the profile, and the profile's Spark settings the job.
                Config jobOnly = load(conf.resolve(job));
                assertEquals(jobOnly.getValue("model").render(), c.getValue("model").render(), job + " over " + profile);
                Config profileOnly = layered(layers.subList(0, layers.size() - 1));
                assertEquals(profileOnly.getString("spark.master"), c.getString("spark.master"), job + " over " + profile);
            }
        }
    }

    @Test
    void includedBasesAreRelativeToTheIncludingFile() throws IOException {
        // Loaded from another working directory, conf/casia-surf.conf still finds its bases.
        Config c = load(DeployTree.root().resolve("conf/casia-surf.conf").toAbsolutePath());
        assertEquals(112, c.getInt("model.input-height"));
        assertEquals(100, c.getInt("train.epochs"));
        assertEquals(List.of("fake", "real"), c.getStringList("corpus.label-names"));
        Config cefa = load(DeployTree.root().resolve("conf/cefa.conf"));
        assertEquals(List.of("real", "attack"), cefa.getStringList("corpus.label-names"), "CeFA: real = 0");
    }
}
