package io.mmanet.jobs.diagnostics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.checkpoint.CheckpointStore;
import io.mmanet.jobs.checkpoint.TrainingState;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.method.Methods;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The training runs of one ablation seed folder ({@code seed-S/runs/}): {@code teacher/},
 * {@code <method>/} and, for a one-combination method, {@code <method>/<combination>/}, each
 * with its complete checkpoints, oldest first. A run without a complete checkpoint is left out;
 * deeper folders (a method's own teachers) are not runs of the ablation.
 */
public final class SeedRuns {
    /** Read-only use of the store: nothing is saved, so nothing is pruned. */
    private static final int READ_ONLY_KEEP = 2;

    private SeedRuns() {
    }

    /**
     * One run: its name relative to {@code runs/} ("teacher", "sf/rgb", "mmanet"), its directory,
     * its resolved configuration (config.conf), the newest checkpoint's state, and its complete
     * checkpoints oldest first.
     */
    public record Run(String name, String dir, Config config, TrainingState latest, List<Path> checkpoints,
                      CheckpointStore store) {

        public boolean teacher() {
            return "teacher".equals(latest.role);
        }

        /** The ablation table's column of this run's method ("teacher" for the teacher). */
        public String column() {
            return teacher() ? "teacher" : Methods.get(latest.method).column();
        }

        /** The combinations the run's deployment network serves: its own one, full for the teacher, else all. */
        public List<ModalityCombination> combinations(Modalities mods) {
            if (latest.combination != null) {
                return List.of(ModalityCombination.parse(latest.combination, mods));
            }
            return teacher() ? List.of(ModalityCombination.full(mods)) : ModalityCombination.all(mods);
        }
    }

    /** The runs under {@code seedDir/runs}, the teacher first, then in the order of {@code ablation.methods}. */
    public static List<Run> find(String seedDir, Configuration hadoop) throws IOException {
        Path runs = new Path(seedDir, "runs");
        FileSystem fs = runs.getFileSystem(hadoop);
        List<Run> found = new ArrayList<>();
        if (!fs.isDirectory(runs)) {
            return found;
        }
        for (FileStatus top : sorted(fs.listStatus(runs))) {
            if (!top.isDirectory()) {
                continue;
            }
            if (fs.exists(new Path(top.getPath(), "checkpoints"))) {
                add(found, top.getPath().getName(), top.getPath(), hadoop);
                continue;
            }
            for (FileStatus sub : sorted(fs.listStatus(top.getPath()))) {
                if (sub.isDirectory() && fs.exists(new Path(sub.getPath(), "checkpoints"))) {
                    add(found, top.getPath().getName() + "/" + sub.getPath().getName(), sub.getPath(), hadoop);
                }
            }
        }
        if (!found.isEmpty()) {
            List<String> order = found.get(0).config().hasPath("ablation.methods")
                    ? found.get(0).config().getStringList("ablation.methods") : List.of();
            found.sort(Comparator.comparingInt((Run r) -> r.teacher() ? -1 : rank(order, r.latest().method))
                    .thenComparing(Run::name));
        }
        return found;
    }

    private static int rank(List<String> order, String method) {
        int i = order.indexOf(method);
        return i < 0 ? order.size() : i;
    }

    private static void add(List<Run> found, String name, Path dir, Configuration hadoop) throws IOException {
        CheckpointStore store = new CheckpointStore(dir.toString(), hadoop, READ_ONLY_KEEP);
        List<Path> checkpoints = new ArrayList<>(store.completeCheckpoints());
        if (checkpoints.isEmpty()) {
            return;
        }
        Collections.reverse(checkpoints);
        TrainingState latest = store.loadState(checkpoints.get(checkpoints.size() - 1));
        found.add(new Run(name, dir.toString(), config(new Path(dir, "config.conf"), hadoop), latest,
                List.copyOf(checkpoints), store));
    }

    /** A run's config.conf (the fully resolved configuration it trained with) on the reference defaults. */
    static Config config(Path file, Configuration hadoop) throws IOException {
        FileSystem fs = file.getFileSystem(hadoop);
        if (!fs.exists(file)) {
            throw new IOException("the run " + file.getParent() + " has checkpoints but no config.conf");
        }
        try (InputStream in = fs.open(file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return ConfigFactory.parseString(text).withFallback(MmanetConfig.reference()).resolve();
        }
    }

    private static List<FileStatus> sorted(FileStatus[] statuses) {
        List<FileStatus> list = new ArrayList<>(List.of(statuses));
        list.sort(Comparator.comparing(s -> s.getPath().getName()));
        return list;
    }
}
