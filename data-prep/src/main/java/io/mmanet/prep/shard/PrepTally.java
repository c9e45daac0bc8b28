package io.mmanet.prep.shard;

import io.mmanet.prep.ingest.LoadedSample;
import io.mmanet.prep.ingest.QuarantineRecord;
import io.mmanet.prep.stats.ChannelMoments;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the executors saw: per split accepted / incomplete / quarantined counts, pixel moments per
 * modality, per split and class the label pixels of segmentation rows (and the pixels of the
 * label images that contain the class, for median-frequency weights) and the quarantine records
 * of rows whose images were bad. Mergeable in any order.
 */
public final class PrepTally implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final int ACCEPTED = 0;
    private static final int INCOMPLETE = 1;
    private static final int QUARANTINED = 2;

    private final int[] channels;
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final ChannelMoments[] moments;
    private final List<QuarantineRecord> quarantine = new ArrayList<>();
    /** Segmentation: number of classes (0 for classification). */
    private final int classes;
    /** Per split: [0, classes) = pixels of class c, [classes, 2 classes) = pixels of the images containing c. */
    private final Map<String, long[]> classPixels = new LinkedHashMap<>();

    public PrepTally(int[] channels) {
        this(channels, 0);
    }

    /** @param classes segmentation: count label pixels of this many classes; 0 for classification */
    public PrepTally(int[] channels, int classes) {
        this.classes = classes;
        this.channels = channels.clone();
        moments = new ChannelMoments[channels.length];
        for (int m = 0; m < channels.length; m++) {
            moments[m] = new ChannelMoments(channels[m]);
        }
    }

    public void accept(LoadedSample s) {
        long[] c = split(s.row().split());
        c[ACCEPTED]++;
        if (s.incomplete()) {
            c[INCOMPLETE]++;
        }
        for (int m = 0; m < moments.length; m++) {
            if (s.present(m)) {
                moments[m].add(s.pixels()[m]);
            }
        }
        if (classes > 0 && s.labelImage() != null) {
            countLabels(s.row().split(), s.labelImage());
        }
    }

    /** Class pixels of one label image (ignore pixels are no class and are not counted). */
    private void countLabels(String split, byte[] labelImage) {
        long[] perImage = new long[classes];
        for (byte b : labelImage) {
            int v = b & 0xFF;
            if (v < classes) {
                perImage[v]++;
            }
        }
        long[] c = classPixels.computeIfAbsent(split, k -> new long[2 * classes]);
        for (int k = 0; k < classes; k++) {
            c[k] += perImage[k];
            if (perImage[k] > 0) {
                c[classes + k] += labelImage.length;
            }
        }
    }

    public void quarantine(QuarantineRecord r) {
        split(r.split())[QUARANTINED]++;
        quarantine.add(r);
    }

    public void merge(PrepTally o) {
        o.counts.forEach((k, v) -> {
            long[] c = split(k);
            for (int i = 0; i < c.length; i++) {
                c[i] += v[i];
            }
        });
        for (int m = 0; m < moments.length; m++) {
            moments[m].merge(o.moments[m]);
        }
        quarantine.addAll(o.quarantine);
        o.classPixels.forEach((k, v) -> {
            long[] c = classPixels.computeIfAbsent(k, x -> new long[2 * classes]);
            for (int i = 0; i < c.length; i++) {
                c[i] += v[i];
            }
        });
    }

    private long[] split(String split) {
        return counts.computeIfAbsent(split, k -> new long[3]);
    }

    public long accepted(String split) {
        return counts.getOrDefault(split, new long[3])[ACCEPTED];
    }

    public long incomplete(String split) {
        return counts.getOrDefault(split, new long[3])[INCOMPLETE];
    }

    public long quarantined(String split) {
        return counts.getOrDefault(split, new long[3])[QUARANTINED];
    }

    /** Rows handled so far (accepted + quarantined) over all splits: for progress lines. */
    public long rowsDone() {
        return counts.values().stream().mapToLong(c -> c[ACCEPTED] + c[QUARANTINED]).sum();
    }

    /** Segmentation: pixels of each class in split {@code split}'s accepted label images. */
    public long[] classPixels(String split) {
        long[] c = classPixels.getOrDefault(split, new long[2 * classes]);
        return java.util.Arrays.copyOfRange(c, 0, classes);
    }

    /** Segmentation: per class, the pixels of split {@code split}'s label images that contain the class. */
    public long[] classImagePixels(String split) {
        long[] c = classPixels.getOrDefault(split, new long[2 * classes]);
        return java.util.Arrays.copyOfRange(c, classes, 2 * classes);
    }

    public ChannelMoments moments(int m) {
        return moments[m];
    }

    public List<QuarantineRecord> quarantine() {
        return quarantine;
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    public PrepTally copy() {
        PrepTally t = new PrepTally(channels, classes);
        t.merge(this);
        return t;
    }
}
