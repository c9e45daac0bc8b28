package io.mmanet.prep.shard;

import io.mmanet.prep.ingest.SourceRow;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One Spark task of the prep write job: a contiguous slice of one split's rows, written as that
 * split's shard files {@code part-<index>-...}. All splits' tasks run in one job.
 * Plain fields and an array, no collections: it travels through Kryo with registration required.
 */
public final class ShardTask implements Serializable {
    private static final long serialVersionUID = 1L;

    private String split;
    private int index;
    private SourceRow[] rows;

    /** For Kryo's field serializer. */
    @SuppressWarnings("unused")
    private ShardTask() {
    }

    ShardTask(String split, int index, SourceRow[] rows) {
        this.split = split;
        this.index = index;
        this.rows = rows;
    }

    /**
     * Slices every split into {@code tasks(...)} tasks (the same shard files per split as one job
     * per split would write), largest first: Spark starts partitions in order, so the long tasks
     * start early and the short ones fill the cores at the end.
     */
    static List<ShardTask> plan(Map<String, List<SourceRow>> rowsBySplit, PrepSettings prep, int defaultParallelism) {
        List<ShardTask> tasks = new ArrayList<>();
        for (Map.Entry<String, List<SourceRow>> e : rowsBySplit.entrySet()) {
            List<SourceRow> rows = e.getValue();
            if (rows.isEmpty()) {
                continue;
            }
            int n = PrepJob.tasks(rows.size(), prep, defaultParallelism);
            for (int i = 0; i < n; i++) {
                // The slicing of SparkContext.parallelize(rows, n): contiguous, sizes differ by at most one.
                int from = (int) ((long) i * rows.size() / n);
                int to = (int) ((long) (i + 1) * rows.size() / n);
                tasks.add(new ShardTask(e.getKey(), i, rows.subList(from, to).toArray(new SourceRow[0])));
            }
        }
        tasks.sort(Comparator.comparingInt((ShardTask t) -> t.rows.length).reversed());
        return tasks;
    }

    public String split() {
        return split;
    }

    /** Position of this slice within its split (orders the split's shard files). */
    public int index() {
        return index;
    }

    SourceRow[] rows() {
        return rows;
    }
}
