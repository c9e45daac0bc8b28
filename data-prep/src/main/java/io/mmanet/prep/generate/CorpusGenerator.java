package io.mmanet.prep.generate;

import com.typesafe.config.Config;
import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.corpus.CorpusSettings;
import io.mmanet.prep.corpus.SplitList;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Writes a synthetic face anti-spoofing corpus in the CASIA-SURF layout: real PNG files
 * ({@code <split>/<class>/<id>/<modality>.png}) and one list file per split with lines
 * {@code <path per modality> <label>} (missing modalities as corpus.missing-marker).
 *
 * <p>Per-modality informativeness q: a modality shows the sample's true class cues with
 * probability q, otherwise the cues of a random class (bona fide or attack, even odds), so one
 * modality alone can reach at best (1 + q) / 2 accuracy and modalities are complementary.
 * Every sample has its own random stream derived from (seed, index): the same seed gives
 * byte-identical files, whatever the thread count. Pure Java, no Spark.
 */
public final class CorpusGenerator {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final GenerateSettings settings;

    public CorpusGenerator(GenerateSettings settings) {
        this.settings = settings;
    }

    public static GeneratedCorpus generate(Config cfg, Path out) {
        return new CorpusGenerator(GenerateSettings.fromConfig(cfg)).writeTo(out);
    }

    /** One generated sample: its list line, split, class and completeness. */
    private record Written(int split, String line, boolean bonaFide, boolean incomplete) {
    }

    public GeneratedCorpus writeTo(Path out) {
        CorpusSettings corpus = settings.corpus();
        int n = settings.samples();
        int[] splitOf = splitAssignment(n, settings.splitFractions());
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
        }
        Written[] written = IntStream.range(0, n).parallel()
                .mapToObj(i -> sample(out, i, splitOf[i]))
                .toArray(Written[]::new);
        int bonaFide = 0;
        int incomplete = 0;
        Map<String, Integer> perSplit = writeListFiles(out, corpus.lists(),
                Arrays.stream(written).map(Written::line).toArray(String[]::new),
                Arrays.stream(written).mapToInt(Written::split).toArray());
        for (Written w : written) {
            bonaFide += w.bonaFide() ? 1 : 0;
            incomplete += w.incomplete() ? 1 : 0;
        }
        return new GeneratedCorpus(out, perSplit, bonaFide, n - bonaFide, incomplete);
    }

    /** Contiguous index ranges per split, sized by the fractions (largest remainder rounding). */
    static int[] splitAssignment(int n, List<Double> fractions) {
        int[] sizes = new int[fractions.size()];
        int assigned = 0;
        for (int s = 0; s < sizes.length; s++) {
            sizes[s] = (int) Math.floor(n * fractions.get(s));
            assigned += sizes[s];
        }
        for (int s = 0; assigned < n; s = (s + 1) % sizes.length) {
            if (fractions.get(s) > 0) {
                sizes[s]++;
                assigned++;
            }
        }
        int[] splitOf = new int[n];
        int i = 0;
        for (int s = 0; s < sizes.length; s++) {
            for (int k = 0; k < sizes[s]; k++) {
                splitOf[i++] = s;
            }
        }
        return splitOf;
    }

    private Written sample(Path out, int index, int split) {
        CorpusSettings corpus = settings.corpus();
        SplittableRandom r = new SplittableRandom(settings.seed() * GOLDEN + index * 0xBF58476D1CE4E5B9L + 1);
        int size = settings.imageSize();
        boolean bonaFide = r.nextDouble() < settings.bonaFideFraction();
        AttackType attack = bonaFide ? null : settings.attackTypes().get(r.nextInt(settings.attackTypes().size()));
        FaceScene scene = FaceScene.draw(r, size);
        List<Modality> modalities = corpus.modalities();
        boolean[] absent = missingModalities(r, modalities.size());
        String id = String.format(Locale.ROOT, "s%07d", index);
        String classDir = bonaFide ? "real" : "fake_" + attack.name().toLowerCase(Locale.ROOT);
        String dir = corpus.lists().get(split).split() + "/" + classDir + "/" + id;
        StringBuilder line = new StringBuilder();
        boolean incomplete = false;
        for (int m = 0; m < modalities.size(); m++) {
            Modality spec = modalities.get(m);
            // Draw every modality (even an absent one) so the random stream does not depend on
            // the missing-fraction setting beyond the draw of which modalities are absent.
            AttackType shown = shownClass(r, settings.informativeness()[m], attack);
            byte[] pixels = SceneRenderer.render(SceneRenderer.kindOf(spec.name()), scene, shown, size,
                    settings.noise(), r);
            if (absent[m]) {
                line.append(corpus.missingMarker()).append(' ');
                incomplete = true;
                continue;
            }
            String rel = dir + "/" + spec.name() + ".png";
            writePng(out.resolve(rel), pixels, size, pixels.length / (size * size), spec.channels());
            line.append(rel).append(' ');
        }
        int label = bonaFide ? corpus.bonaFideIndex() : 1 - corpus.bonaFideIndex();
        line.append(label);
        return new Written(split, line.toString(), bonaFide, incomplete);
    }

    /** The class a modality shows: the true one with probability q, else a random one. */
    private AttackType shownClass(SplittableRandom r, double q, AttackType truth) {
        boolean informative = r.nextDouble() < q;
        boolean randomBonaFide = r.nextBoolean();
        AttackType randomAttack = settings.attackTypes().get(r.nextInt(settings.attackTypes().size()));
        if (informative) {
            return truth;
        }
        return randomBonaFide ? null : randomAttack;
    }

    /** Absent modalities of a naturally incomplete sample: a random non-empty proper subset. */
    private boolean[] missingModalities(SplittableRandom r, int m) {
        boolean[] absent = new boolean[m];
        boolean drop = r.nextDouble() < settings.missingFraction();
        int pattern = 1 + r.nextInt((1 << m) - 2 > 0 ? (1 << m) - 2 : 1);
        if (drop && m > 1) {
            for (int k = 0; k < m; k++) {
                absent[k] = (pattern & (1 << k)) != 0;
            }
        }
        return absent;
    }

    /** Writes HWC pixels as PNG with the modality's stored channel count (1 = grey, 3 = RGB). */
    static void writePng(Path file, byte[] pixels, int size, int rendered, int channels) {
        BufferedImage img = new BufferedImage(size, size,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < size * size; i++) {
            if (channels == 1) {
                data[i] = rendered == 1 ? pixels[i] : (byte) lumaOf(pixels, 3 * i);
            } else {
                for (int k = 0; k < 3; k++) {
                    // TYPE_3BYTE_BGR stores B, G, R.
                    data[3 * i + k] = rendered == 3 ? pixels[3 * i + 2 - k] : pixels[i];
                }
            }
        }
        writePng(file, img);
    }

    /** Writes {@code img} as a PNG file, creating its folder (shared with {@link SceneGenerator}). */
    static void writePng(Path file, BufferedImage img) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer in this JRE");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static int lumaOf(byte[] px, int o) {
        return (299 * (px[o] & 0xFF) + 587 * (px[o + 1] & 0xFF) + 114 * (px[o + 2] & 0xFF) + 500) / 1000;
    }

    /**
     * Writes each split's list file under {@code out}: line i goes to the list of split
     * {@code splits[i]}, in order. Returns the lines per split name.
     */
    static Map<String, Integer> writeListFiles(Path out, List<SplitList> lists, String[] lines, int[] splits) {
        Map<String, Integer> perSplit = new LinkedHashMap<>();
        for (int s = 0; s < lists.size(); s++) {
            StringBuilder text = new StringBuilder();
            int count = 0;
            for (int i = 0; i < lines.length; i++) {
                if (splits[i] == s) {
                    text.append(lines[i]).append('\n');
                    count++;
                }
            }
            perSplit.put(lists.get(s).split(), count);
            Path listFile = out.resolve(lists.get(s).file());
            try {
                Files.createDirectories(listFile.getParent());
                Files.writeString(listFile, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + listFile + ": " + e.getMessage(), e);
            }
        }
        return perSplit;
    }
}
