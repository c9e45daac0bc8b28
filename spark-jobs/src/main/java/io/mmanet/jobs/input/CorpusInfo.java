package io.mmanet.jobs.input;

import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.Modality;

import java.io.Serializable;
import java.util.List;

/**
 * What the jobs need to know about a prepared corpus (from data-prep's manifest.json): modalities
 * (names and channels) in order, stored image size, class names and the bona-fide class.
 *
 * @param bonaFideLabel the bona-fide class of a binary anti-spoofing task, or -1 (multi-class)
 * @param ignoreLabel   segmentation: the label-image value of pixels without a class; -1 for a
 *                      classification corpus (whose shards have no label images)
 */
public record CorpusInfo(String uri, List<Modality> modalities, int height, int width,
                         List<String> classNames, int bonaFideLabel, int ignoreLabel) implements Serializable {

    /** A classification corpus. */
    public CorpusInfo(String uri, List<Modality> modalities, int height, int width, List<String> classNames,
                      int bonaFideLabel) {
        this(uri, modalities, height, width, classNames, bonaFideLabel, -1);
    }

    /** True when the shards carry label images (a class per pixel). */
    public boolean segmentation() {
        return ignoreLabel >= 0;
    }

    /** The modality names in corpus order. */
    public List<String> modalityNames() {
        return modalities.stream().map(Modality::name).toList();
    }

    /** Fails with a clear message when the corpus and the configured modalities disagree. */
    public void checkMatches(Modalities configured) {
        if (!configured.names().equals(modalityNames())) {
            throw new ConfigValidationException("modalities = " + configured.names() + " but the corpus at " + uri
                    + " has " + modalityNames() + " (set 'modalities' to the corpus' list, in its order)");
        }
        for (int m = 0; m < modalities.size(); m++) {
            Modality mod = configured.get(m);
            if (mod.channels() != modalities.get(m).channels()) {
                throw new ConfigValidationException("modalities: " + mod.name() + " has " + mod.channels()
                        + " channels in the configuration but " + modalities.get(m).channels()
                        + " in the corpus at " + uri);
            }
        }
    }

    /** The corpus' task as data-prep names it (manifest {@code task}). */
    public String taskName() {
        return segmentation() ? io.mmanet.prep.manifest.Manifest.TASK_SEGMENTATION
                : io.mmanet.prep.manifest.Manifest.TASK_CLASSIFICATION;
    }

    /**
     * Fails with a message naming the keys when the configured task cannot read this corpus: the
     * tasks differ ({@code model.task} vs the manifest's {@code corpus.task}), or the label value
     * without a class differs ({@code model.<task>.ignore-label} vs {@code corpus.ignore-label}).
     */
    public void checkTask(io.mmanet.networks.task.Task task) {
        if (!task.name().equals(taskName())) {
            throw new ConfigValidationException("model.task = " + task.name() + " but the corpus at " + uri
                    + " was prepared for corpus.task = " + taskName() + " (set model.task to the corpus' task)");
        }
        if (task.ignoreLabel() != ignoreLabel) {
            throw new ConfigValidationException("model." + task.name() + ".ignore-label = " + task.ignoreLabel()
                    + " but the corpus at " + uri + " was prepared with corpus.ignore-label = " + ignoreLabel
                    + " (they must agree, or ignored pixels would be read as a class)");
        }
    }

    /** From data-prep's manifest.json at {@code dataUri}. */
    public static CorpusInfo read(String dataUri, org.apache.hadoop.conf.Configuration hadoop) {
        io.mmanet.prep.manifest.Manifest m = io.mmanet.prep.manifest.Manifest.read(dataUri, hadoop);
        return new CorpusInfo(dataUri, m.modalities, m.height, m.width, m.labelNames, m.bonaFideIndex,
                m.segmentation() ? m.ignoreLabel : -1);
    }

    public SampleDecoder decoder(int outH, int outW) {
        int[] channels = modalities.stream().mapToInt(Modality::channels).toArray();
        SampleDecoder d = new SampleDecoder(modalityNames(), channels, height, width, outH, outW);
        return segmentation() ? d.withLabelImages(ignoreLabel) : d;
    }
}
