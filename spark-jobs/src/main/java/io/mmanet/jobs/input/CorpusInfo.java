package io.mmanet.jobs.input;

import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.Modality;

import java.io.Serializable;
import java.util.List;

/**
 * What the jobs need to know about a prepared corpus (from data-prep's manifest.json): modality
 * names and channels in order, stored image size, class names and the bona-fide class.
 *
 * @param bonaFideLabel the bona-fide class of a binary anti-spoofing task, or -1 (multi-class)
 */
public record CorpusInfo(String uri, List<String> modalities, int[] channels, int height, int width,
                         List<String> classNames, int bonaFideLabel) implements Serializable {

    /** Fails with a clear message when the corpus and the configured modalities disagree. */
    public void checkMatches(Modalities configured) {
        if (!configured.names().equals(modalities)) {
            throw new ConfigValidationException("modalities = " + configured.names() + " but the corpus at " + uri
                    + " has " + modalities + " (set 'modalities' to the corpus' list, in its order)");
        }
        for (int m = 0; m < modalities.size(); m++) {
            Modality mod = configured.get(m);
            if (mod.channels() != channels[m]) {
                throw new ConfigValidationException("modalities: " + mod.name() + " has " + mod.channels()
                        + " channels in the configuration but " + channels[m] + " in the corpus at " + uri);
            }
        }
    }

    /** From data-prep's manifest.json at {@code dataUri}. */
    public static CorpusInfo read(String dataUri, org.apache.hadoop.conf.Configuration hadoop) {
        io.mmanet.prep.manifest.Manifest m = io.mmanet.prep.manifest.Manifest.read(dataUri, hadoop);
        List<String> names = new java.util.ArrayList<>();
        int[] channels = new int[m.modalities.size()];
        for (int i = 0; i < channels.length; i++) {
            names.add(m.modalities.get(i).name());
            channels[i] = m.modalities.get(i).channels();
        }
        return new CorpusInfo(dataUri, names, channels, m.height, m.width, m.labelNames, m.bonaFideIndex);
    }

    public SampleDecoder decoder(int outH, int outW) {
        return new SampleDecoder(modalities, channels, height, width, outH, outW);
    }
}
