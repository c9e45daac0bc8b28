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

    public CorpusSettings(CorpusFormat format, List<SplitList> lists, String manifestFile, String missingMarker,
                          boolean absentFileMeansMissing, List<String> labelNames, String bonaFideLabel,
                          List<Modality> modalities) {
        this.format = format;
        this.lists = List.copyOf(lists);
        this.manifestFile = manifestFile;
        this.missingMarker = missingMarker;
        this.absentFileMeansMissing = absentFileMeansMissing;
        this.labelNames = List.copyOf(labelNames);
        this.bonaFideLabel = bonaFideLabel;
        this.modalities = List.copyOf(modalities);
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
        return new CorpusSettings(format, lists, ConfigChecks.string(c, "corpus.manifest-file"), missingMarker,
                ConfigChecks.bool(c, "corpus.absent-file-means-missing"), labels, bonaFide,
                ConfiguredModalities.fromConfig(c));
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
}
