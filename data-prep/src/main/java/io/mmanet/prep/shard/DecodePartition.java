package io.mmanet.prep.shard;

import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.ingest.SampleReader;
import io.mmanet.prep.ingest.SourceRow;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Executor side of prep: reads and decodes a partition's rows lazily, emits accepted rows as
 * shard rows and reports the partition's tally once, when the partition is exhausted.
 */
final class DecodePartition implements FlatMapFunction<Iterator<SourceRow>, Row> {
    private static final long serialVersionUID = 1L;

    private final SerializableConfiguration hadoopConf;
    private final String corpusRoot;
    private final List<Modality> modalities;
    private final PrepSettings prep;
    private final boolean absentFileMeansMissing;
    private final PrepTallyAccumulator tally;

    DecodePartition(SerializableConfiguration hadoopConf, String corpusRoot, List<Modality> modalities,
                    PrepSettings prep, boolean absentFileMeansMissing, PrepTallyAccumulator tally) {
        this.hadoopConf = hadoopConf;
        this.corpusRoot = corpusRoot;
        this.modalities = modalities;
        this.prep = prep;
        this.absentFileMeansMissing = absentFileMeansMissing;
        this.tally = tally;
    }

    @Override
    public Iterator<Row> call(Iterator<SourceRow> rows) {
        Path root = new Path(corpusRoot);
        FileSystem fs;
        try {
            fs = root.getFileSystem(hadoopConf.value());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + corpusRoot, e);
        }
        SampleReader reader = new SampleReader(fs, root, modalities, prep.height(), prep.width(),
                prep.minSourceSize(), prep.maxFileBytes(), prep.maxSourcePixels(), absentFileMeansMissing);
        int[] channels = modalities.stream().mapToInt(Modality::channels).toArray();
        PrepTally local = new PrepTally(channels);
        return new Iterator<>() {
            private Row next;
            private boolean reported;

            @Override
            public boolean hasNext() {
                while (next == null && rows.hasNext()) {
                    SampleReader.Outcome o = reader.read(rows.next());
                    if (o.sample() != null) {
                        local.accept(o.sample());
                        next = ShardSchema.toRow(o.sample());
                    } else {
                        local.quarantine(o.problem());
                    }
                }
                if (next == null && !reported) {
                    reported = true;
                    tally.add(local);
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row r = next;
                next = null;
                return r;
            }
        };
    }
}
