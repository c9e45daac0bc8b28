package io.mmanet.compat;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fits in-memory minibatches with the Export approach without dl4j-spark's export guard.
 *
 * <p>Upstream bug (dl4j-spark 1.0.0-M2, {@code ExportSupport.assertExportSupported}, called by
 * {@code fitMultiDataSet} with {@code RDDTrainingApproach.Export}): the guard refuses every master
 * that does not match {@code ^local(\[(\d+|\*)])?$} when {@code fs.defaultFS} is {@code file:}.
 * It judges by the default file system, not by the export directory the master was given (an
 * {@code hdfs://} export directory is refused too), and it refuses single-host masters where
 * {@code file:} is shared by construction ({@code local[2,1]}, {@code local-cluster[...]}, a
 * standalone cluster on one host). {@code mmanet check} therefore failed on any such cluster while
 * training, which exports its own files and calls {@code fitPaths}, ran.
 *
 * <p>The workaround is what training does: write the batches as files under a directory of the
 * caller's choice (through the Hadoop FileSystem API, so any scheme works) and call
 * {@code fitPaths}. Whether executors can read that directory is then a real question with a
 * real answer (a FileNotFoundException on a host that cannot see it), not a guess.
 */
public final class GuardFreeExportFit {

    private GuardFreeExportFit() {
    }

    /**
     * Writes {@code batches} under {@code dir}, trains one {@code fitPaths} call over them in
     * {@code partitions} partitions and deletes {@code dir}.
     */
    public static void fit(SparkComputationGraph net, List<? extends MultiDataSet> batches, String dir,
                           int partitions) {
        Configuration hadoop = net.getSparkContext().hadoopConfiguration();
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(hadoop);
            List<String> paths = new ArrayList<>(batches.size());
            for (int i = 0; i < batches.size(); i++) {
                Path p = new Path(root, String.format(Locale.ROOT, "batch-%05d.mds", i));
                try (FSDataOutputStream out = fs.create(p, true)) {
                    batches.get(i).save(out);
                }
                paths.add(fs.makeQualified(p).toString());
            }
            try {
                net.fitPaths(net.getSparkContext().parallelize(paths, partitions), new MaskSafeMultiDataSetLoader());
            } finally {
                fs.delete(root, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("exporting " + batches.size() + " batches to " + dir, e);
        }
    }
}
