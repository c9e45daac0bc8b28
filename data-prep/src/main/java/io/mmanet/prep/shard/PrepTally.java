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
 * modality and the quarantine records of rows whose images were bad. Mergeable in any order.
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

    public PrepTally(int[] channels) {
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
        PrepTally t = new PrepTally(channels);
        t.merge(this);
        return t;
    }
}
