package io.mmanet.jobs.input;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.datavec.spark.util.SerializableHadoopConfig;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Builds one epoch's training minibatches where the data lives and exports them as files for
 * dl4j-spark's Export approach (the fastest measured, FEASIBILITY.md section 2).
 *
 * <p>Per partition: rows are shuffled with the (seed, epoch, partition) generator, then per
 * sample a geometric transform is drawn and applied to all its modalities, and the method's
 * {@link BatchBuilder} assembles full minibatches (the partition's last partial batch is dropped,
 * as the official loaders' drop_last; a new shuffle each epoch drops different samples). Every
 * batch therefore has exactly the worker batch size, so dl4j-spark never merges batches (its
 * merge misplaces per-example label masks, FEASIBILITY.md section 3).
 */
public final class EpochExporter {

    private EpochExporter() {
    }

    /** Paths of the exported batches (sorted) and the number of samples in them. */
    public record Export(List<String> paths, long samples) {
    }

    public static Export export(JavaRDD<Row> rows, SampleDecoder decoder, AugmentSettings augment,
                                BatchBuilder builder, int batchSize, long seed, int epoch, String dir,
                                SerializableHadoopConfig hadoop) {
        List<String> paths = new ArrayList<>(rows.mapPartitionsWithIndex(
                new ExportPartition(decoder, augment, builder, batchSize, seed, epoch, dir, hadoop), false).collect());
        Collections.sort(paths);
        return new Export(paths, (long) paths.size() * batchSize);
    }

    /** Generator of partition {@code partition} in {@code epoch}; also used by tests to replay it. */
    public static Random partitionRandom(long seed, int epoch, int partition) {
        return new Random(EpochSeeds.mix(seed, epoch, partition));
    }

    static final class ExportPartition implements Function2<Integer, Iterator<Row>, Iterator<String>> {
        private static final long serialVersionUID = 1L;
        private final SampleDecoder decoder;
        private final AugmentSettings augment;
        private final BatchBuilder builder;
        private final int batchSize;
        private final long seed;
        private final int epoch;
        private final String dir;
        private final SerializableHadoopConfig hadoop;

        ExportPartition(SampleDecoder decoder, AugmentSettings augment, BatchBuilder builder, int batchSize,
                        long seed, int epoch, String dir, SerializableHadoopConfig hadoop) {
            this.decoder = decoder;
            this.augment = augment;
            this.builder = builder;
            this.batchSize = batchSize;
            this.seed = seed;
            this.epoch = epoch;
            this.dir = dir;
            this.hadoop = hadoop;
        }

        @Override
        public Iterator<String> call(Integer partition, Iterator<Row> it) {
            List<RawSample> raw = new ArrayList<>();
            it.forEachRemaining(r -> raw.add(decoder.raw(r)));
            Random rng = partitionRandom(seed, epoch, partition);
            Collections.shuffle(raw, rng);
            List<String> written = new ArrayList<>();
            try {
                FileSystem fs = new Path(dir).getFileSystem(hadoop.getConfiguration());
                for (int start = 0; start + batchSize <= raw.size(); start += batchSize) {
                    List<DecodedSample> batch = new ArrayList<>(batchSize);
                    for (RawSample s : raw.subList(start, start + batchSize)) {
                        batch.add(decoder.decode(s, GeometricTransform.draw(rng, augment, decoder.outH(), decoder.outW())));
                    }
                    MultiDataSet mds = builder.build(batch, rng);
                    Path p = new Path(dir, String.format("p%05d-b%05d.mds", partition, start / batchSize));
                    try (FSDataOutputStream out = fs.create(p, true)) {
                        mds.save(out);
                    }
                    written.add(p.toString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("exporting epoch " + epoch + " partition " + partition + " to " + dir, e);
            }
            return written.iterator();
        }
    }
}
