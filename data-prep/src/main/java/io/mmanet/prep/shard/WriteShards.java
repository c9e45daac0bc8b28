package io.mmanet.prep.shard;

import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.ingest.SampleReader;
import io.mmanet.prep.ingest.SourceRow;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Executor side of prep, one {@link ShardTask} per Spark task: reads and decodes the task's rows,
 * writes the accepted ones to its split's shard files as they come, and reports the task's tally
 * once, after its files are committed.
 *
 * <p>A named function class handed to {@code SparkContext.runJob} directly, not a lambda through
 * {@code foreachPartition}: Spark's ClosureCleaner returns at once for a class that is no closure,
 * while for the lambdas of {@code foreachPartition}/{@code runJob} it parses the capturing
 * classes (SparkContext, RDD) with ASM on every job, on the driver before any task starts, and
 * that parser's code kept the JIT compiler busy through the benchmark's timed runs.
 */
final class WriteShards extends AbstractFunction2<TaskContext, scala.collection.Iterator<ShardTask>, BoxedUnit>
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Broadcast, not a field of its own: a task's function is deserialized per task, and Hadoop's
     * Configuration deserializes every property's sources through a GZIP stream each time; a
     * broadcast value is deserialized once per executor (in local mode never).
     */
    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final String corpusRoot;
    private final List<Modality> modalities;
    private final PrepSettings prep;
    private final boolean absentFileMeansMissing;
    private final PrepTallyAccumulator tally;
    private final String shardsDir;
    private final String runId;
    /** Segmentation: what label images may hold; null for classification. */
    private final SampleReader.LabelRange labels;

    /**
     * @param shardsDir the {@code shards} directory of the staging output (one folder per split)
     * @param runId     names this run's files; fixed per run, so a retried task rewrites the same names
     * @param labels    segmentation: what label images may hold; null for classification
     */
    WriteShards(Broadcast<SerializableConfiguration> hadoopConf, String corpusRoot, List<Modality> modalities, PrepSettings prep,
                boolean absentFileMeansMissing, PrepTallyAccumulator tally, String shardsDir, String runId,
                SampleReader.LabelRange labels) {
        this.labels = labels;
        this.hadoopConf = hadoopConf;
        this.corpusRoot = corpusRoot;
        this.modalities = modalities;
        this.prep = prep;
        this.absentFileMeansMissing = absentFileMeansMissing;
        this.tally = tally;
        this.shardsDir = shardsDir;
        this.runId = runId;
    }

    @Override
    public BoxedUnit apply(TaskContext ctx, scala.collection.Iterator<ShardTask> tasks) {
        write(JavaConverters.asJavaIterator(tasks), ctx);
        return BoxedUnit.UNIT;
    }

    private void write(Iterator<ShardTask> tasks, TaskContext ctx) {
        Path root = new Path(corpusRoot);
        Path shards = new Path(shardsDir);
        FileSystem corpusFs = fileSystem(root);
        FileSystem outFs = fileSystem(shards);
        SampleReader reader = new SampleReader(corpusFs, root, modalities, prep.height(), prep.width(),
                prep.minSourceSize(), prep.maxFileBytes(), prep.maxSourcePixels(), absentFileMeansMissing,
                prep.sixteenBitMax(), labels);
        StructType schema = ShardSchema.of(modalities, labels != null);
        Configuration parquetConf = ShardFileWriter.parquetConf(hadoopConf.value().value(), schema, prep);
        int[] channels = modalities.stream().mapToInt(Modality::channels).toArray();
        PrepTally local = new PrepTally(channels, labels == null ? 0 : labels.classes());
        String attempt = ctx == null ? "local" : "attempt-" + ctx.taskAttemptId();
        while (tasks.hasNext()) {
            ShardTask task = tasks.next();
            String stem = String.format(Locale.ROOT, "part-%05d-%s", task.index(), runId);
            try (ShardFileWriter out = new ShardFileWriter(parquetConf, outFs, new Path(shards, task.split()), stem,
                    attempt, prep)) {
                for (SourceRow row : task.rows()) {
                    writeRow(reader.read(row), local, out);
                }
                out.commit();
            }
        }
        tally.add(local);
    }

    /**
     * One row's outcome: stored and counted, or quarantined. A method of its own because the loop
     * above runs once per task and stays in the interpreter (a task's 1,000 rows are far below the
     * JIT's loop threshold); this body is compiled after a few hundred rows.
     */
    private static void writeRow(SampleReader.Outcome o, PrepTally local, ShardFileWriter out) {
        if (o.sample() != null) {
            local.accept(o.sample());
            out.write(ShardSchema.toInternalRow(o.sample()));
        } else {
            local.quarantine(o.problem());
        }
    }

    private FileSystem fileSystem(Path p) {
        try {
            return p.getFileSystem(hadoopConf.value().value());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + p, e);
        }
    }
}
