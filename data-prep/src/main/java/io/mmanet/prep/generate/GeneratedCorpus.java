package io.mmanet.prep.generate;

import java.nio.file.Path;
import java.util.Map;

/** What {@link CorpusGenerator} wrote: the root, samples per split and per class, incomplete samples. */
public record GeneratedCorpus(Path root, Map<String, Integer> samplesPerSplit, int bonaFide, int attacks,
                              int incomplete) {
}
