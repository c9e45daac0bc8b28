package io.mmanet.jobs.cli;

import com.typesafe.config.Config;
import io.mmanet.prep.generate.BayesLimit;
import io.mmanet.prep.generate.CorpusGenerator;
import io.mmanet.prep.generate.GenerateSettings;
import io.mmanet.prep.generate.GeneratedCorpus;
import io.mmanet.prep.generate.SceneGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a synthetic RGB/Depth/IR face anti-spoofing corpus (CASIA-SURF layout), or with --task "
                + "segmentation RGB-D scenes with per-pixel labels (NYUv2 layout), as real image files.")
public final class GenerateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Local directory to write the corpus into (list files + PNG images).")
    Path out;

    @Option(names = "--samples", paramLabel = "N", description = "Number of samples (default: generate.samples).")
    Integer samples;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: generate.seed).")
    Long seed;

    @Option(names = "--task", paramLabel = "TASK",
            description = "classification (face anti-spoofing) or segmentation (RGB-D scenes; sets corpus.task, "
                    + "use with --conf conf/segmentation-synthetic.conf). Default: corpus.task.")
    String task;

    @Option(names = "--overwrite", description = "Allow writing into a non-empty directory.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        if (samples != null) {
            common.sets.add("generate.samples=" + samples);
        }
        if (seed != null) {
            common.sets.add("generate.seed=" + seed);
        }
        if (task != null) {
            common.sets.add("corpus.task=" + task);
        }
        Config cfg = common.load();
        if (!overwrite && Files.isDirectory(out)) {
            try (var entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new UserFacingException(out + " is not empty; choose another --out or pass --overwrite",
                            CliExceptionHandler.EXIT_INPUT);
                }
            }
        }
        long t0 = System.nanoTime();
        if (io.mmanet.prep.corpus.CorpusSettings.fromConfig(cfg).segmentation()) {
            SceneGenerator.Written w = SceneGenerator.generate(cfg, out);
            System.out.printf(Locale.ROOT, "generated %d RGB-D scenes (%d incomplete) in %s: %s; labelled pixels per "
                            + "class %s (%.1f s)%n", w.samplesPerSplit().values().stream().mapToInt(Integer::intValue).sum(),
                    w.incomplete(), out, w.samplesPerSplit(), java.util.Arrays.toString(w.classPixels()),
                    (System.nanoTime() - t0) / 1e9);
            return 0;
        }
        GeneratedCorpus g = CorpusGenerator.generate(cfg, out);
        System.out.printf(Locale.ROOT, "generated %d samples (%d bona fide, %d attacks, %d incomplete) in %s: %s (%.1f s)%n",
                g.bonaFide() + g.attacks(), g.bonaFide(), g.attacks(), g.incomplete(), out, g.samplesPerSplit(),
                (System.nanoTime() - t0) / 1e9);
        // What no method can beat on this corpus: read an ablation's ACERs against it.
        GenerateSettings settings = GenerateSettings.fromConfig(cfg);
        StringBuilder line = new StringBuilder("lowest possible ACER (the corpus' information limit, BayesLimit):");
        BayesLimit.perCombination(settings).forEach((c, v) -> line.append(String.format(Locale.ROOT, " %s %.2f%%,", c, 100 * v)));
        System.out.printf(Locale.ROOT, "%s mean %.2f%%%n", line, 100 * BayesLimit.mean(settings));
        return 0;
    }
}
