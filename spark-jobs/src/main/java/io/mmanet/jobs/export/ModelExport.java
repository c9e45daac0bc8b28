package io.mmanet.jobs.export;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Writes and reads exported models on any Hadoop file system. A model location may be the model
 * directory itself or a run directory (whose {@code model/} subdirectory is used).
 */
public final class ModelExport {
    public static final String MODEL = "model.zip";
    public static final String CARD = "model-card.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelExport() {
    }

    /** A loaded model and its card. */
    public record Exported(ComputationGraph graph, ModelCard card, String location) {
    }

    /** Writes the model (without updater state: it is for inference) and its card; returns the directory. */
    public static String write(String modelDir, ComputationGraph deploymentOnly, ModelCard card, Configuration hadoop)
            throws IOException {
        Path dir = new Path(modelDir);
        FileSystem fs = dir.getFileSystem(hadoop);
        fs.mkdirs(dir);
        Path tmp = new Path(dir, "_tmp-" + MODEL);
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            ModelSerializer.writeModel(deploymentOnly, out, false);
        }
        Path target = new Path(dir, MODEL);
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
            throw new IOException("could not rename " + tmp + " to " + target);
        }
        writeCard(modelDir, card, hadoop);
        return dir.toString();
    }

    public static void writeCard(String modelDir, ModelCard card, Configuration hadoop) throws IOException {
        Path p = new Path(modelDir, CARD);
        try (FSDataOutputStream out = p.getFileSystem(hadoop).create(p, true)) {
            out.write(JSON.writeValueAsBytes(card));
        }
    }

    /** The model directory of {@code uri}: itself when it holds model.zip, else its model/ subdirectory. */
    public static String resolveDir(String uri, Configuration hadoop) throws IOException {
        Path p = new Path(uri);
        FileSystem fs = p.getFileSystem(hadoop);
        if (fs.exists(new Path(p, MODEL))) {
            return p.toString();
        }
        Path sub = new Path(p, "model");
        if (fs.exists(new Path(sub, MODEL))) {
            return sub.toString();
        }
        throw new FileNotFoundException("no exported model at " + uri + " (expected " + MODEL + " there or in "
                + sub + "; train first)");
    }

    /**
     * The model directories {@code uri} names: itself or its model/ subdirectory, or else every
     * child run directory holding a model (a {@code train --method sf} run: one model per combination).
     */
    public static java.util.List<String> expand(String uri, Configuration hadoop) throws IOException {
        try {
            return java.util.List.of(resolveDir(uri, hadoop));
        } catch (FileNotFoundException e) {
            Path p = new Path(uri);
            FileSystem fs = p.getFileSystem(hadoop);
            java.util.List<String> found = new java.util.ArrayList<>();
            if (fs.isDirectory(p)) {
                for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(p)) {
                    if (st.isDirectory() && fs.exists(new Path(new Path(st.getPath(), "model"), MODEL))) {
                        found.add(new Path(st.getPath(), "model").toString());
                    }
                }
            }
            if (found.isEmpty()) {
                throw e;
            }
            java.util.Collections.sort(found);
            return found;
        }
    }

    public static Exported read(String uri, Configuration hadoop) throws IOException {
        String dir = resolveDir(uri, hadoop);
        Path d = new Path(dir);
        FileSystem fs = d.getFileSystem(hadoop);
        ModelCard card;
        try (InputStream in = fs.open(new Path(d, CARD))) {
            card = JSON.readValue(in, ModelCard.class);
        } catch (IOException e) {
            throw new IOException("cannot read the model card " + new Path(d, CARD) + ": " + e.getMessage(), e);
        }
        ComputationGraph g;
        try (InputStream in = fs.open(new Path(d, MODEL))) {
            g = ModelSerializer.restoreComputationGraph(in, false);
        }
        return new Exported(g, card, dir);
    }
}
