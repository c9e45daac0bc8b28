package io.mmanet.jobs.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checkpoints of one run: {@code <run>/checkpoints/epoch-NNNNN/{model.zip,state.json,_COMPLETE}}.
 *
 * <p>Writing: everything goes to {@code _tmp-epoch-NNNNN-<uuid>}, which is renamed to its final
 * name, and only then is the {@code _COMPLETE} marker written. So on file systems with atomic
 * rename (HDFS, local) and on object stores alike, a directory without the marker is never read.
 * Reading: the newest complete checkpoint that also loads; a corrupt one is skipped with a WARN
 * and the previous one is used.
 */
public final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final Pattern EPOCH_DIR = Pattern.compile("epoch-(\\d+)");
    static final String MODEL = "model.zip";
    static final String STATE = "state.json";
    public static final String COMPLETE = "_COMPLETE";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final FileSystem fs;
    private final int keep;

    /**
     * @param runDir run directory URI (file:, hdfs:, s3a:, ...)
     * @param keep   how many complete checkpoints to keep (at least 2, so a corrupt latest one
     *               still leaves one to fall back to)
     */
    public CheckpointStore(String runDir, Configuration hadoop, int keep) {
        if (keep < 2) {
            throw new IllegalArgumentException("keep at least 2 checkpoints, got " + keep);
        }
        this.root = new Path(runDir, "checkpoints");
        this.keep = keep;
        try {
            this.fs = root.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + runDir, e);
        }
    }

    public String location() {
        return root.toString();
    }

    /** Writes the checkpoint of {@code state.completedEpochs} and prunes old ones. */
    public String save(ComputationGraph graph, TrainingState state) throws IOException {
        String name = String.format("epoch-%05d", state.completedEpochs);
        Path tmp = new Path(root, "_tmp-" + name + "-" + UUID.randomUUID());
        Path finalDir = new Path(root, name);
        fs.mkdirs(tmp);
        try (FSDataOutputStream out = fs.create(new Path(tmp, MODEL), true)) {
            ModelSerializer.writeModel(graph, out, true);
        }
        try (FSDataOutputStream out = fs.create(new Path(tmp, STATE), true)) {
            out.write(JSON.writeValueAsBytes(state));
        }
        if (fs.exists(finalDir)) {
            // A previous attempt at this epoch died after its rename: it was never marked complete.
            fs.delete(finalDir, true);
        }
        if (!fs.rename(tmp, finalDir)) {
            throw new IOException("could not rename " + tmp + " to " + finalDir);
        }
        fs.create(new Path(finalDir, COMPLETE), true).close();
        prune();
        return finalDir.toString();
    }

    /** Complete checkpoint directories, newest first. */
    public List<Path> completeCheckpoints() throws IOException {
        List<Path> dirs = new ArrayList<>();
        if (!fs.exists(root)) {
            return dirs;
        }
        for (FileStatus st : fs.listStatus(root)) {
            if (st.isDirectory() && EPOCH_DIR.matcher(st.getPath().getName()).matches()
                    && fs.exists(new Path(st.getPath(), COMPLETE))) {
                dirs.add(st.getPath());
            }
        }
        dirs.sort(Comparator.comparingInt(CheckpointStore::epochOf).reversed());
        return dirs;
    }

    /** The newest complete checkpoint that loads; older ones are tried when a newer one is corrupt. */
    public Optional<Checkpoint> loadLatest() throws IOException {
        for (Path dir : completeCheckpoints()) {
            try {
                return Optional.of(load(dir));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Checkpoint {} is marked complete but cannot be loaded ({}); falling back to the previous one",
                        dir, e.toString());
            }
        }
        return Optional.empty();
    }

    /** The training state of checkpoint {@code dir} alone (cheap: the model is not restored). */
    public TrainingState loadState(Path dir) throws IOException {
        try (InputStream in = fs.open(new Path(dir, STATE))) {
            return JSON.readValue(in, TrainingState.class);
        }
    }

    public Checkpoint load(Path dir) throws IOException {
        TrainingState state = loadState(dir);
        ComputationGraph graph;
        try (InputStream in = fs.open(new Path(dir, MODEL))) {
            graph = ModelSerializer.restoreComputationGraph(in, true);
        }
        if (state.completedEpochs != epochOf(dir)) {
            throw new IOException("state.json of " + dir + " says epoch " + state.completedEpochs);
        }
        return new Checkpoint(graph, state, dir.toString());
    }

    private void prune() throws IOException {
        List<Path> complete = completeCheckpoints();
        for (int i = keep; i < complete.size(); i++) {
            fs.delete(complete.get(i), true);
        }
        for (FileStatus st : fs.listStatus(root)) {
            // Leftovers of writers that died before their rename.
            if (st.getPath().getName().startsWith("_tmp-")) {
                fs.delete(st.getPath(), true);
            }
        }
    }

    static int epochOf(Path dir) {
        Matcher m = EPOCH_DIR.matcher(dir.getName());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
