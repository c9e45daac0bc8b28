package io.mmanet.prep.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.ingest.SourceList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} at the root of a prepared output: what the shards hold and how they were
 * made. Readers of shards (training, evaluation) start here: modality order and channels, stored
 * size, label names, the bona-fide class, per split counts, pixel statistics for normalisation,
 * the checksums of the source lists and the resolved configuration.
 *
 * <p>Layout next to it: {@code shards/<split>/part-*.parquet} (columns {@code id}, {@code split},
 * {@code label}, and per modality {@code <m>_present} boolean and {@code <m>} binary uint8 H*W*C,
 * row-major HWC, null when absent; segmentation: {@code label_image} binary uint8 H*W) and
 * {@code quarantine/*.jsonl}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"formatVersion", "corpus", "corpusFormat", "modalities", "height", "width", "labelNames",
        "bonaFideLabel", "bonaFideIndex", "task", "ignoreLabel", "classPixels", "classImagePixels", "splits", "pixelStats", "shardFiles", "quarantineFile", "sources",
        "createdAt", "config"})
public class Manifest {

    /** Version of this layout; bumped on any incompatible change to the shards or this file. */
    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";
    public static final String SHARDS_DIR = io.mmanet.prep.shard.ShardSchema.SHARDS_DIR;
    public static final String QUARANTINE_DIR = "quarantine";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public int formatVersion = FORMAT_VERSION;
    /** The corpus URI that was prepared. */
    public String corpus;
    /** casia-surf, manifest (or idx for the Fashion-MNIST import). */
    public String corpusFormat;
    public List<Modality> modalities = new ArrayList<>();
    public int height;
    public int width;
    public List<String> labelNames = new ArrayList<>();
    /** The bona-fide class name, or null when the task is not face anti-spoofing. */
    public String bonaFideLabel;
    /** Index of the bona-fide class in labelNames, or -1. */
    public int bonaFideIndex = -1;
    /** classification or segmentation (corpus.task); absent in manifests that predate it: classification. */
    public String task = TASK_CLASSIFICATION;
    /** Segmentation: the label-image value of pixels without a class (corpus.ignore-label); null otherwise. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Integer ignoreLabel;
    /** Segmentation, per split: pixels of each class (index order of labelNames) in the accepted label images. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Map<String, long[]> classPixels;
    /** Segmentation, per split: per class, the pixels of the label images containing it (for median frequency). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Map<String, long[]> classImagePixels;
    /** Per split, in corpus.lists order. */
    public Map<String, SplitCounts> splits = new LinkedHashMap<>();
    /** Per modality name. */
    public Map<String, PixelStats> pixelStats = new LinkedHashMap<>();
    /** Shard files per split, relative to the output root. */
    public Map<String, List<String>> shardFiles = new LinkedHashMap<>();
    /** Quarantine file relative to the output root. */
    public String quarantineFile;
    public List<SourceList> sources = new ArrayList<>();
    /** ISO-8601 instant the run finished. */
    public String createdAt;
    /** The fully resolved configuration of the run. */
    public JsonNode config;

    public static final String TASK_CLASSIFICATION = "classification";
    public static final String TASK_SEGMENTATION = "segmentation";

    /** True when the shards carry label images (a class per pixel). */
    public boolean segmentation() {
        return TASK_SEGMENTATION.equals(task);
    }

    /** Median-frequency class weights from split {@code split}'s pixel counts (see {@link ClassWeights}). */
    public double[] medianFrequencyWeights(String split) {
        if (!segmentation() || classPixels == null || !classPixels.containsKey(split)) {
            throw new IllegalStateException("no class pixel counts for split '" + split + "' (task " + task
                    + ", splits " + (classPixels == null ? "none" : classPixels.keySet()) + ")");
        }
        return ClassWeights.medianFrequency(classPixels.get(split), classImagePixels.get(split));
    }

    /** Index of modality {@code name} in the modality order, or -1. */
    public int modalityIndex(String name) {
        for (int i = 0; i < modalities.size(); i++) {
            if (modalities.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Reads {@code <outUri>/manifest.json} from any Hadoop file system. */
    public static Manifest read(String outUri, Configuration hadoopConf) {
        Path path = new Path(new Path(outUri), FILE_NAME);
        try {
            FileSystem fs = path.getFileSystem(hadoopConf);
            try (InputStream in = fs.open(path)) {
                Manifest m = JSON.readValue(in, Manifest.class);
                if (m.formatVersion != FORMAT_VERSION) {
                    throw new IllegalStateException(path + ": format version " + m.formatVersion
                            + ", this build reads version " + FORMAT_VERSION + "; re-run mmanet prep");
                }
                return m;
            }
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException(path + " does not exist: is " + outUri
                    + " the output of a finished 'mmanet prep'?", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code <dir>/manifest.json}. */
    public void write(FileSystem fs, Path dir) {
        Path path = new Path(dir, FILE_NAME);
        try (FSDataOutputStream out = fs.create(path, true)) {
            out.write(JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Manifest fromJson(String json) {
        try {
            return JSON.readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
