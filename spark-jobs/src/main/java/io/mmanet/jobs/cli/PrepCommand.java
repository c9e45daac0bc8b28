package io.mmanet.jobs.cli;

import com.typesafe.config.Config;
import io.mmanet.jobs.spark.SparkSessions;
import io.mmanet.prep.idx.IdxCorpusExporter;
import io.mmanet.prep.ingest.CorpusFormatException;
import io.mmanet.prep.manifest.Manifest;
import io.mmanet.prep.manifest.SplitCounts;
import io.mmanet.prep.shard.OutputExistsException;
import io.mmanet.prep.shard.PrepJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "prep", mixinStandardHelpOptions = true,
        description = "Spark job: ingest a corpus (list files or CSV manifest), validate, quarantine bad rows, write Parquet shards + manifest.json.")
public final class PrepCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--corpus", paramLabel = "URI",
            description = "Corpus root (file://, hdfs://, s3a:// or a local path) holding the list files (corpus.format).")
    String corpus;

    @Option(names = "--out", required = true, paramLabel = "URI", description = "Output directory for shards/, quarantine/ and manifest.json.")
    String out;

    @Option(names = "--overwrite", description = "Replace an existing output (default: refuse).")
    boolean overwrite;

    @Option(names = "--idx", arity = "0..1", fallbackValue = "", paramLabel = "DIR",
            description = "Import Fashion-MNIST IDX files instead of a corpus (default DIR: idx.dir, Debian's "
                    + "dataset-fashion-mnist); each image is cut into the idx.views, which become the modalities.")
    String idx;

    @Override
    public Integer call() {
        Config cfg = common.load();
        if ((corpus == null) == (idx == null)) {
            throw new UserFacingException("give exactly one of --corpus URI or --idx [DIR]", CliExceptionHandler.EXIT_CONFIG);
        }
        try {
            String corpusUri = corpus;
            if (idx != null) {
                IdxCorpusExporter.Export export = IdxCorpusExporter.export(cfg, idx.isEmpty() ? null : idx, out);
                cfg = export.config();
                corpusUri = export.corpusDir().toUri().toString();
            }
            io.mmanet.jobs.spark.SharedStorage.require(cfg,
                    io.mmanet.jobs.spark.SharedStorage.options("--corpus", corpusUri, "--out", out));
            SparkSession spark = SparkSessions.getOrCreate(cfg);
            Manifest m = PrepJob.run(spark, cfg, corpusUri, out, overwrite);
            for (Map.Entry<String, SplitCounts> e : m.splits.entrySet()) {
                SplitCounts c = e.getValue();
                System.out.printf("%-8s read %d, accepted %d (incomplete %d), quarantined %d%n", e.getKey(), c.read(),
                        c.accepted(), c.incomplete(), c.quarantined());
            }
            System.out.println("wrote " + out + " (manifest.json, " + m.shardFiles.values().stream().mapToInt(
                    java.util.List::size).sum() + " shard files, " + m.quarantineFile + ")");
            return 0;
        } catch (OutputExistsException | CorpusFormatException | IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage(), CliExceptionHandler.EXIT_INPUT);
        }
    }
}
