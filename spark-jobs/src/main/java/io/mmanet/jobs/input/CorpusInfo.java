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
 */
public record CorpusInfo(String uri, List<Modality> modalities, int height, int width,
                         List<String> classNames, int bonaFideLabel) implements Serializable {

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

    /** From data-prep's manifest.json at {@code dataUri}. */
    public static CorpusInfo read(String dataUri, org.apache.hadoop.conf.Configuration hadoop) {
        io.mmanet.prep.manifest.Manifest m = io.mmanet.prep.manifest.Manifest.read(dataUri, hadoop);
        return new CorpusInfo(dataUri, m.modalities, m.height, m.width, m.labelNames, m.bonaFideIndex);
    }

    public SampleDecoder decoder(int outH, int outW) {
        int[] channels = modalities.stream().mapToInt(Modality::channels).toArray();
        return new SampleDecoder(modalityNames(), channels, height, width, outH, outW);
    }
}
