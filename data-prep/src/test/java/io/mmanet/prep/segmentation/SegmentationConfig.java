package io.mmanet.prep.segmentation;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;

import java.util.ArrayList;
import java.util.List;

/** The settings of a small synthetic RGB-D segmentation corpus (conf/segmentation-synthetic.conf, shrunk). */
public final class SegmentationConfig {

    private SegmentationConfig() {
    }

    public static Config load(String... more) {
        List<String> sets = new ArrayList<>(List.of(
                "modalities=[{name=rgb,channels=3},{name=depth,channels=1}]",
                "corpus.task=segmentation",
                "corpus.label-names=[wall,red-poster,blue-poster,box,ball,table]",
                "corpus.bona-fide-label=\"\"",
                "generate.samples=24", "generate.image-size=32", "generate.missing-fraction=0.25",
                "generate.split-fractions=[0.5,0.25,0.25]",
                "prep.height=24", "prep.width=20", "prep.sixteen-bit-max=6000", "prep.min-source-size=8",
                "prep.max-rows-per-shard=10", "prep.progress-interval-seconds=1"));
        sets.addAll(List.of(more));
        return MmanetConfig.load(null, sets);
    }
}
