package io.mmanet.prep.shard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.corpus.CorpusSettings;
import io.mmanet.prep.ingest.CorpusListing;
import io.mmanet.prep.ingest.QuarantineRecord;
import io.mmanet.prep.ingest.SampleReader;
import io.mmanet.prep.ingest.SourceRow;
import io.mmanet.prep.manifest.Manifest;
import io.mmanet.prep.manifest.PixelStats;
import io.mmanet.prep.manifest.SplitCounts;
import io.mmanet.prep.stats.ChannelMoments;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function2;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code prep} job: corpus lists → validated, decoded, resized rows → Parquet shards per
 * split (one Spark job for all splits), {@code quarantine/} and {@code manifest.json}, written to a staging directory and
 * committed at the end (see {@link OutputCommit}). The driver reads the list files; executors read
 * and decode the images. Invariant checked before commit: per split, read = accepted + quarantined.
 */
public final class PrepJob {
    private static final Logger LOG = LoggerFactory.getLogger(PrepJob.class);

    /** Classes of ours that Spark serializes with its configured serializer (for Kryo registration). */
    public static final List<Class<?>> SHIPPED_CLASSES = List.of(ShardTask.class, SourceRow[].class, SourceRow.class,
            String[].class);

    private PrepJob() {
    }

    /**
     * @param corpusUri root of the corpus (list files and images), any Hadoop URI or local path
     * @param outUri    output directory, any Hadoop URI or local path
     * @param overwrite replace an existing output (also on when {@code prep.overwrite} is true)
     */
    public static Manifest run(SparkSession spark, Config cfg, String corpusUri, String outUri, boolean overwrite) {
        CorpusSettings corpus = CorpusSettings.fromConfig(cfg);
        PrepSettings prep = PrepSettings.fromConfig(cfg);
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        Path root = qualified(corpusUri, hadoopConf);
        OutputCommit commit = OutputCommit.begin(outUri, overwrite || prep.overwrite(), hadoopConf);
        try {
            Manifest manifest = prepare(spark, cfg, corpus, prep, root, commit);
            commit.commit();
            LOG.info("prep: committed {}", commit.output());
            return manifest;
        } catch (RuntimeException | Error e) {
            commit.abort();
            throw e;
        }
    }

    private static Manifest prepare(SparkSession spark, Config cfg, CorpusSettings corpus, PrepSettings prep,
                                    Path root, OutputCommit commit) {
        long t0 = System.nanoTime();
        FileSystem corpusFs = fileSystem(root, spark.sparkContext().hadoopConfiguration());
        CorpusListing listing = CorpusListing.read(corpusFs, root, corpus);
        long total = listing.rowCount();
        LOG.info(String.format(Locale.ROOT, "prep: %d rows to read from %s (%d quarantined while parsing the lists, "
                + "%.2f s)", total, root, listing.problems().size(), (System.nanoTime() - t0) / 1e9));

        List<Modality> modalities = corpus.modalities();
        int[] channels = modalities.stream().mapToInt(Modality::channels).toArray();
        SampleReader.LabelRange labels = corpus.segmentation()
                ? new SampleReader.LabelRange(corpus.labelNames().size(), corpus.ignoreLabel()) : null;
        PrepTallyAccumulator tally = new PrepTallyAccumulator(channels, labels == null ? 0 : labels.classes());
        spark.sparkContext().register(tally, "mmanet-prep-tally");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Path shardsDir = new Path(commit.staging(), Manifest.SHARDS_DIR);
        for (String split : listing.rows().keySet()) {
            mkdirs(commit.fileSystem(), new Path(shardsDir, split)); // also for a split with no rows
        }
        // One job writes every split: one set of tasks filling the cores, no per-split job, commit
        // and SQL planning, and the shard files written from the decoded rows directly.
        List<ShardTask> tasks = ShardTask.plan(listing.rows(), prep, jsc.defaultParallelism());
        String runId = UUID.randomUUID().toString();
        try (PrepProgress ignored = new PrepProgress(total, tally::rowsDone, prep.progressIntervalSeconds())) {
            if (!tasks.isEmpty()) {
                long tw = System.nanoTime();
                jsc.setJobDescription("mmanet prep: " + total + " rows, " + tasks.size() + " tasks");
                Broadcast<SerializableConfiguration> conf = jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
                try {
                    runJob(jsc, tasks, new WriteShards(conf, root.toString(), modalities, prep,
                            corpus.absentFileMeansMissing(), tally, shardsDir.toString(), runId, labels));
                } finally {
                    conf.destroy();
                }
                LOG.info(String.format(Locale.ROOT, "prep: shards written (%d rows, %d tasks) in %.2f s", total,
                        tasks.size(), (System.nanoTime() - tw) / 1e9));
            }
        }

        PrepTally t = tally.value();
        List<QuarantineRecord> quarantine = new ArrayList<>(listing.problems());
        quarantine.addAll(t.quarantine());
        quarantine.sort(QuarantineRecord.BY_SOURCE_LINE);
        QuarantineReport.write(commit.fileSystem(), commit.staging(), quarantine);

        Manifest m = manifest(cfg, corpus, prep, root, listing, t, quarantine);
        m.shardFiles = shardFiles(commit.fileSystem(), shardsDir, corpus.splits());
        m.write(commit.fileSystem(), commit.staging());
        double secs = (System.nanoTime() - t0) / 1e9;
        long accepted = m.splits.values().stream().mapToLong(SplitCounts::accepted).sum();
        LOG.info(String.format(Locale.ROOT, "prep: %d rows accepted, %d quarantined in %.1f s (%.1f rows/s)",
                accepted, quarantine.size(), secs, (total + listing.problems().size()) / Math.max(secs, 1e-9)));
        return m;
    }

    /**
     * Runs {@code write} once per task, one Spark task each: what {@code foreachPartition} does,
     * minus its lambda wrappers, which Spark's ClosureCleaner would parse with ASM on every job.
     */
    private static void runJob(JavaSparkContext jsc, List<ShardTask> tasks, WriteShards write) {
        RDD<ShardTask> rdd = jsc.parallelize(tasks, tasks.size()).rdd();
        List<Object> partitions = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            partitions.add(i);
        }
        jsc.sc().runJob(rdd, write, JavaConverters.asScalaBuffer(partitions).toSeq(),
                (Function2<Object, BoxedUnit, BoxedUnit>) (partition, done) -> BoxedUnit.UNIT,
                ClassTag$.MODULE$.apply(BoxedUnit.class));
    }

    static int tasks(int rows, PrepSettings prep, int defaultParallelism) {
        if (prep.tasksPerSplit() > 0) {
            return Math.min(prep.tasksPerSplit(), rows);
        }
        int bySize = (int) Math.ceil(rows / (double) prep.maxRowsPerShard());
        return Math.max(1, Math.min(rows, Math.max(defaultParallelism, bySize)));
    }

    private static Manifest manifest(Config cfg, CorpusSettings corpus, PrepSettings prep, Path root,
                                     CorpusListing listing, PrepTally t, List<QuarantineRecord> quarantine) {
        Manifest m = new Manifest();
        m.corpus = root.toString();
        m.corpusFormat = corpus.format().name().toLowerCase(Locale.ROOT).replace('_', '-');
        m.modalities = corpus.modalities();
        m.height = prep.height();
        m.width = prep.width();
        m.labelNames = corpus.labelNames();
        m.bonaFideLabel = corpus.bonaFideLabel().isEmpty() ? null : corpus.bonaFideLabel();
        m.bonaFideIndex = corpus.bonaFideIndex();
        m.task = corpus.task().name().toLowerCase(Locale.ROOT);
        if (corpus.segmentation()) {
            m.ignoreLabel = corpus.ignoreLabel();
            m.classPixels = new java.util.LinkedHashMap<>();
            m.classImagePixels = new java.util.LinkedHashMap<>();
            for (String split : listing.read().keySet()) {
                m.classPixels.put(split, t.classPixels(split));
                m.classImagePixels.put(split, t.classImagePixels(split));
            }
        }
        for (Map.Entry<String, Long> e : listing.read().entrySet()) {
            String split = e.getKey();
            long quarantined = quarantine.stream().filter(q -> q.split().equals(split)).count();
            SplitCounts c = new SplitCounts(e.getValue(), t.accepted(split), quarantined, t.incomplete(split));
            if (!c.reconciles()) {
                throw new IllegalStateException("prep bookkeeping does not reconcile for split " + split + ": " + c);
            }
            m.splits.put(split, c);
        }
        for (int i = 0; i < corpus.modalities().size(); i++) {
            ChannelMoments mo = t.moments(i);
            m.pixelStats.put(corpus.modalities().get(i).name(), new PixelStats(mo.mean(), mo.std(), mo.pixels()));
        }
        m.quarantineFile = QuarantineReport.FILE;
        m.sources = listing.sources();
        m.createdAt = Instant.now().toString();
        try {
            m.config = new ObjectMapper().readTree(MmanetConfig.renderJson(cfg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    private static Map<String, List<String>> shardFiles(FileSystem fs, Path shardsDir, List<String> splits) {
        Map<String, List<String>> files = new java.util.LinkedHashMap<>();
        for (String split : splits) {
            List<String> names = new ArrayList<>();
            Path dir = new Path(shardsDir, split);
            try {
                if (fs.exists(dir)) {
                    for (FileStatus st : fs.listStatus(dir, p -> p.getName().endsWith(".parquet"))) {
                        names.add(Manifest.SHARDS_DIR + "/" + split + "/" + st.getPath().getName());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
            names.sort(Comparator.naturalOrder());
            files.put(split, names);
        }
        return files;
    }

    private static Path qualified(String uri, Configuration conf) {
        Path p = new Path(uri);
        return fileSystem(p, conf).makeQualified(p);
    }

    private static FileSystem fileSystem(Path p, Configuration conf) {
        try {
            return p.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("no file system for " + p + ": " + e.getMessage(), e);
        }
    }

    private static void mkdirs(FileSystem fs, Path dir) {
        try {
            fs.mkdirs(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
