package io.mmanet.jobs.cli;

import com.typesafe.config.Config;
import io.mmanet.jobs.spark.SparkSessions;
import io.mmanet.prep.bench.PrepBenchmark;
import io.mmanet.prep.generate.CorpusGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "prep", mixinStandardHelpOptions = true,
        description = "Prep job images/s against a plain single-threaded decode+resize loop over the same files, "
                + "and the ratio per core used.")
public final class BenchPrepCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--corpus", paramLabel = "URI",
            description = "Corpus to benchmark on (default: generate one with --samples into --work).")
    String corpus;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "target/bench-prep",
            description = "Working directory for the generated corpus and the prep output (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "3000",
            description = "Samples of the generated corpus (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "2",
            description = "Timed runs per side after one warm-up run; the best counts (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public Integer call() throws Exception {
        Config cfg = common.load();
        Files.createDirectories(work);
        String corpusUri = corpus;
        if (corpusUri == null) {
            Path generated = work.resolve("corpus-" + samples);
            if (!Files.exists(generated.resolve("train_list.txt"))) {
                CorpusGenerator.generate(cfg.withValue("generate.samples",
                        com.typesafe.config.ConfigValueFactory.fromAnyRef(samples)), generated);
            }
            corpusUri = generated.toAbsolutePath().toUri().toString();
        }
        PrepBenchmark.Result r = PrepBenchmark.run(SparkSessions.getOrCreate(cfg), cfg, corpusUri,
                work.toAbsolutePath().toUri().toString(), repeats);
        System.out.println("corpus: " + corpusUri);
        System.out.print(r.table());
        return 0;
    }
}
