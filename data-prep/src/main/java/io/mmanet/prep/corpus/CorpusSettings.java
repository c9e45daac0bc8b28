package io.mmanet.prep.corpus;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.mmanet.config.ConfigChecks;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.modality.ConfiguredModalities;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Typed, checked view of the {@code corpus} section plus the modality list. */
public final class CorpusSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final CorpusFormat format;
    private final List<SplitList> lists;
    private final String manifestFile;
    private final String missingMarker;
    private final boolean absentFileMeansMissing;
    private final List<String> labelNames;
    private final String bonaFideLabel;
    private final List<Modality> modalities;
    private final CorpusTask task;
    private final int ignoreLabel;

    public CorpusSettings(CorpusFormat format, List<SplitList> lists, String manifestFile, String missingMarker,
                          boolean absentFileMeansMissing, List<String> labelNames, String bonaFideLabel,
                          List<Modality> modalities) {
        this(format, lists, manifestFile, missingMarker, absentFileMeansMissing, labelNames, bonaFideLabel, modalities,
                CorpusTask.CLASSIFICATION, 255);
    }

    /**
     * @param ignoreLabel segmentation: the label-image value of pixels without a class (never a class index)
     */
    public CorpusSettings(CorpusFormat format, List<SplitList> lists, String manifestFile, String missingMarker,
                          boolean absentFileMeansMissing, List<String> labelNames, String bonaFideLabel,
                          List<Modality> modalities, CorpusTask task, int ignoreLabel) {
        this.format = format;
        this.lists = List.copyOf(lists);
        this.manifestFile = manifestFile;
        this.missingMarker = missingMarker;
        this.absentFileMeansMissing = absentFileMeansMissing;
        this.labelNames = List.copyOf(labelNames);
        this.bonaFideLabel = bonaFideLabel;
        this.modalities = List.copyOf(modalities);
        this.task = task;
        this.ignoreLabel = ignoreLabel;
    }

    public static CorpusSettings fromConfig(Config c) {
        CorpusFormat format = ConfigChecks.enumValue(c, "corpus.format", CorpusFormat.class);
        List<SplitList> lists = new ArrayList<>();
        List<? extends Config> entries;
        try {
            entries = c.getConfigList("corpus.lists");
        } catch (ConfigException e) {
            throw new ConfigValidationException("corpus.lists: expected a list of {split, file}: " + e.getMessage(), e);
        }
        Set<String> splits = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = "corpus.lists[" + i + "]";
            String split = ConfigChecks.string(entries.get(i), "split");
            String file = ConfigChecks.string(entries.get(i), "file");
            if (!split.matches("[A-Za-z0-9_-]+")) {
                throw new ConfigValidationException(where + ".split = '" + split
                        + "': use letters, digits, _ and - (it becomes a directory name)");
            }
            if (!splits.add(split)) {
                throw new ConfigValidationException(where + ".split = '" + split + "' is listed twice");
            }
            if (file.isBlank()) {
                throw new ConfigValidationException(where + ".file is empty");
            }
            lists.add(new SplitList(split, file));
        }
        if (lists.isEmpty()) {
            throw new ConfigValidationException("corpus.lists: at least one split is needed");
        }
        String missingMarker = ConfigChecks.string(c, "corpus.missing-marker");
        if (missingMarker.isEmpty() || missingMarker.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigValidationException("corpus.missing-marker = '" + missingMarker
                    + "': must be non-empty and without blanks");
        }
        List<String> labels = ConfigChecks.strings(c, "corpus.label-names");
        if (labels.size() < 2 || new HashSet<>(labels).size() != labels.size()) {
            throw new ConfigValidationException("corpus.label-names = " + labels
                    + ": at least two distinct class names are needed");
        }
        String bonaFide = ConfigChecks.string(c, "corpus.bona-fide-label");
        if (!bonaFide.isEmpty() && !labels.contains(bonaFide)) {
            throw new ConfigValidationException("corpus.bona-fide-label = '" + bonaFide
                    + "' is not one of corpus.label-names " + labels + " (use \"\" for none)");
        }
        CorpusTask task = ConfigChecks.enumValue(c, "corpus.task", CorpusTask.class);
        int ignore = ConfigChecks.intInRange(c, "corpus.ignore-label", 0, 255);
        if (task == CorpusTask.SEGMENTATION) {
            // Label images are stored as uint8: every class index and the ignore value fit a byte.
            if (labels.size() > 255) {
                throw new ConfigValidationException("corpus.label-names has " + labels.size()
                        + " classes: a segmentation corpus allows at most 255 (label images are stored as uint8)");
            }
            if (ignore < labels.size()) {
                throw new ConfigValidationException("corpus.ignore-label = " + ignore + " is a class index (corpus."
                        + "label-names has " + labels.size() + " classes): use a value >= " + labels.size());
            }
            if (!bonaFide.isEmpty()) {
                throw new ConfigValidationException("corpus.bona-fide-label = '" + bonaFide
                        + "': a segmentation corpus (corpus.task = segmentation) has no bona-fide class; set it to \"\"");
            }
        }
        return new CorpusSettings(format, lists, ConfigChecks.string(c, "corpus.manifest-file"), missingMarker,
                ConfigChecks.bool(c, "corpus.absent-file-means-missing"), labels, bonaFide,
                ConfiguredModalities.fromConfig(c), task, ignore);
    }

    public CorpusFormat format() {
        return format;
    }

    public List<SplitList> lists() {
        return lists;
    }

    public List<String> splits() {
        return lists.stream().map(SplitList::split).toList();
    }

    public String manifestFile() {
        return manifestFile;
    }

    public String missingMarker() {
        return missingMarker;
    }

    public boolean absentFileMeansMissing() {
        return absentFileMeansMissing;
    }

    public List<String> labelNames() {
        return labelNames;
    }

    /** The bona-fide class name, or "" when the task is not face anti-spoofing. */
    public String bonaFideLabel() {
        return bonaFideLabel;
    }

    /** Index of the bona-fide class in {@link #labelNames()}, or -1. */
    public int bonaFideIndex() {
        return bonaFideLabel.isEmpty() ? -1 : labelNames.indexOf(bonaFideLabel);
    }

    public List<Modality> modalities() {
        return modalities;
    }

    public CorpusTask task() {
        return task;
    }

    /** True when rows carry a label image (a class per pixel) instead of a class index. */
    public boolean segmentation() {
        return task == CorpusTask.SEGMENTATION;
    }

    /** Segmentation: the label-image value that marks pixels without a class (default 255). */
    public int ignoreLabel() {
        return ignoreLabel;
    }
}
