package io.mmanet.jobs.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.mmanet.jobs.spark.SparkSessions;
import io.mmanet.prep.bench.PrepBenchmark;
import io.mmanet.prep.generate.CorpusGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "prep", mixinStandardHelpOptions = true,
        description = "Prep job images/s against a plain single-threaded decode+resize loop over the same files, "
                + "and the ratio per core used.")
public final class BenchPrepCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", paramLabel = "URI",
            description = "Corpus to benchmark on (default: generate one with --samples into --work).")
    String corpus;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "target/bench-prep",
            description = "Working directory for the generated corpus and the prep output (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "3000",
            description = "Samples of the generated corpus (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "128",
            description = "Side of the generated images; prep resizes them to prep.height x prep.width "
                    + "(default: ${DEFAULT-VALUE}, stored at the default 112x112).")
    int imageSize;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "" + PrepBenchmark.DEFAULT_REPEATS,
            description = "Timed runs per side, the sides in turn after their warm-ups; each side's median counts "
                    + "(default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warmup-seconds", defaultValue = "10", paramLabel = "S",
            description = "Warm-up of each side: at least one run, at least this long, and until the JIT compiler is "
                    + "quiet (under 10%% of the time of the last runs; at most 180 s): the prep job's Spark, Hadoop and "
                    + "Parquet code keeps it compiling for 10-15 runs. 0 = one run (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Override
    public Integer call() throws Exception {
        if (repeats < 1) { // before any Spark or corpus work
            throw new ParameterException(spec.commandLine(), "--repeats must be at least 1, got " + repeats);
        }
        Config cfg = common.load();
        Files.createDirectories(work);
        String corpusUri = corpus;
        if (corpusUri == null) {
            Config gen = cfg.withValue("generate.samples", ConfigValueFactory.fromAnyRef(samples))
                    .withValue("generate.image-size", ConfigValueFactory.fromAnyRef(imageSize));
            Path generated = work.resolve("corpus-" + samples + "x" + imageSize + "-seed" + gen.getLong("generate.seed"));
            if (!Files.exists(generated.resolve("train_list.txt"))) {
                CorpusGenerator.generate(gen, generated);
            }
            corpusUri = generated.toAbsolutePath().toUri().toString();
        }
        PrepBenchmark.Result r = PrepBenchmark.run(SparkSessions.getOrCreate(cfg), cfg, corpusUri,
                work.toAbsolutePath().toUri().toString(), repeats, warmupSeconds);
        System.out.println("corpus: " + corpusUri);
        System.out.print(r.table());
        return 0;
    }
}
