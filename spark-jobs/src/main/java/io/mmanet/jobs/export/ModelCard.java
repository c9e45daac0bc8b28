package io.mmanet.jobs.export;

import io.mmanet.networks.combination.Modality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON model card written next to an exported model (Jackson, public fields). Everything a
 * client needs to feed the model: modality order and channels, input size, normalisation, the
 * class names; plus how it was trained (role, method, weak set) and what it measured.
 */
public final class ModelCard {
    /** Display name in reports, e.g. "mmanet" or "sf-md". */
    public String name;
    /** teacher or deployment. */
    public String role;
    /** The registered method name ({@code Methods}); sf for the teacher. */
    public String method;
    /** For SF models: the fixed combination; null otherwise. */
    public String combination;
    /** Input modalities in graph order, each {@code {"name": ..., "channels": ...}}. */
    public List<Modality> modalities = new ArrayList<>();
    public int inputHeight;
    public int inputWidth;
    public Normalisation normalisation = new Normalisation();
    public List<String> classes = new ArrayList<>();
    /** The registered task the model predicts ({@code model.task}). */
    public String task = "classification";
    /** The task's settings ({@code model.<task>} as HOCON), null when none; evaluation configures the task from them. */
    public String taskSettings;
    /** Bona-fide class of a binary anti-spoofing task; -1 for multi-class. */
    public int bonaFideLabel = -1;
    /** Graph input names in order (images per modality, then the [N, M] combination mask). */
    public List<String> inputs = new ArrayList<>();
    /** The MAR weak set fixed during training (empty for other methods). */
    public List<String> weakSet = new ArrayList<>();
    public int epochs;
    public long seed;
    /** Training metrics of the last epoch and, once evaluated, the mean over combinations. */
    public Map<String, Double> metrics = new LinkedHashMap<>();
    /** Where the training data came from. */
    public String trainingData;

    /** x' = (x - mean) / std on uint8 pixel values, per channel (the same for all: spec decision 8). */
    public static final class Normalisation {
        public String kind = "fixed";
        public double mean = 127.5;
        public double std = 128;
        /** Layout of each image input. */
        public String layout = "NCHW";
    }

    /** {@code model.<task>} of {@code config} as HOCON (concise JSON), or null when it has none. */
    public static String taskSettings(com.typesafe.config.Config config, io.mmanet.networks.task.Task task) {
        String path = "model." + task.name();
        return config.hasPath(path)
                ? config.getConfig(path).root().render(com.typesafe.config.ConfigRenderOptions.concise()) : null;
    }

    /** The task this model predicts, configured as at training ({@link #taskSettings}). */
    public io.mmanet.networks.task.Task configuredTask() {
        io.mmanet.networks.task.Task t = io.mmanet.networks.task.Tasks.get(task);
        return taskSettings == null ? t : t.configure(com.typesafe.config.ConfigFactory.parseString(
                "model { " + task + " = " + taskSettings + " }"));
    }
}
