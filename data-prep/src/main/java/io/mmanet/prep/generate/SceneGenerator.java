package io.mmanet.prep.generate;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigChecks;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.combination.Modality;
import io.mmanet.prep.corpus.CorpusSettings;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Writes a synthetic RGB-D segmentation corpus in the NYUv2 list shape: per sample
 * {@code <split>/<id>/rgb.png} (8-bit RGB), {@code depth.png} (16-bit grey, millimetres, as NYUv2's
 * raw depth) and {@code label.png} (8-bit grey class indices, {@link SceneKind} order), and one list
 * file per split with lines {@code <path per modality> <label image>} (a naturally missing modality
 * as corpus.missing-marker).
 *
 * <p>A scene is a grey wall (a far, slightly tilted plane) with {@code generate.objects-per-scene}
 * objects drawn over it in order: posters (colour only), boxes and balls (depth only), tables (both);
 * see {@link SceneKind}. Every sample has its own random stream derived from (seed, index), so the
 * same seed gives byte-identical files whatever the thread count. Pure Java, no Spark.
 */
public final class SceneGenerator {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final int[] WALL_RGB = {128, 128, 128};

    /** Typed, checked view of the generate keys the scene generator uses. */
    public record Settings(int samples, long seed, int imageSize, List<Double> splitFractions, int objectsPerScene,
                           double missingFraction, double noise, double depthNoiseMm, CorpusSettings corpus) {

        public static Settings fromConfig(Config c) {
            CorpusSettings corpus = CorpusSettings.fromConfig(c);
            if (!corpus.segmentation()) {
                throw new ConfigValidationException("corpus.task = " + corpus.task().name().toLowerCase(Locale.ROOT)
                        + ": the scene generator writes a segmentation corpus (set corpus.task = segmentation, "
                        + "e.g. --conf conf/segmentation-synthetic.conf)");
            }
            if (!corpus.labelNames().equals(SceneKind.labelNames())) {
                throw new ConfigValidationException("corpus.label-names = " + corpus.labelNames()
                        + ": the scene generator writes the classes " + SceneKind.labelNames()
                        + " (see conf/segmentation-synthetic.conf)");
            }
            List<String> names = corpus.modalities().stream().map(Modality::name).toList();
            if (names.size() != 2 || !names.contains("rgb") || !names.contains("depth")
                    || corpus.modalities().get(names.indexOf("rgb")).channels() != 3
                    || corpus.modalities().get(names.indexOf("depth")).channels() != 1) {
                throw new ConfigValidationException("modalities = " + corpus.modalities()
                        + ": the scene generator writes rgb (3 channels) and depth (1 channel)");
            }
            return new Settings(
                    ConfigChecks.intInRange(c, "generate.samples", 1, 10_000_000),
                    ConfigChecks.longInRange(c, "generate.seed", Long.MIN_VALUE, Long.MAX_VALUE),
                    ConfigChecks.intInRange(c, "generate.image-size", 16, 1024),
                    GenerateSettings.splitFractions(c, corpus),
                    ConfigChecks.intInRange(c, "generate.objects-per-scene", 0, 64),
                    ConfigChecks.doubleInRange(c, "generate.missing-fraction", 0, 1),
                    ConfigChecks.doubleInRange(c, "generate.noise", 0, 128),
                    ConfigChecks.doubleInRange(c, "generate.depth-noise-mm", 0, 5000),
                    corpus);
        }
    }

    /** What was written: the root, samples per split, incomplete samples, labelled pixels per class. */
    public record Written(Path root, Map<String, Integer> samplesPerSplit, int incomplete, long[] classPixels) {
    }

    private final Settings settings;

    public SceneGenerator(Settings settings) {
        this.settings = settings;
    }

    public static Written generate(Config cfg, Path out) {
        return new SceneGenerator(Settings.fromConfig(cfg)).writeTo(out);
    }

    /** One scene: its list line and split. */
    private record Sample(int split, String line, boolean incomplete, long[] classPixels) {
    }

    public Written writeTo(Path out) {
        int n = settings.samples();
        int[] splitOf = CorpusGenerator.splitAssignment(n, settings.splitFractions());
        Sample[] samples = IntStream.range(0, n).parallel().mapToObj(i -> sample(out, i, splitOf[i]))
                .toArray(Sample[]::new);
        Map<String, Integer> perSplit = CorpusGenerator.writeListFiles(out, settings.corpus().lists(),
                Arrays.stream(samples).map(Sample::line).toArray(String[]::new),
                Arrays.stream(samples).mapToInt(Sample::split).toArray());
        long[] classPixels = new long[SceneKind.values().length];
        int incomplete = 0;
        for (Sample w : samples) {
            incomplete += w.incomplete() ? 1 : 0;
            for (int k = 0; k < classPixels.length; k++) {
                classPixels[k] += w.classPixels()[k];
            }
        }
        return new Written(out, perSplit, incomplete, classPixels);
    }

    private Sample sample(Path out, int index, int split) {
        SplittableRandom r = new SplittableRandom(settings.seed() * GOLDEN + index * 0xBF58476D1CE4E5B9L + 1);
        Scene scene = Scene.draw(r, settings.imageSize(), settings.objectsPerScene());
        int size = settings.imageSize();
        byte[] rgb = scene.rgb(r, settings.noise());
        short[] depth = scene.depthMm(r, settings.depthNoiseMm());
        CorpusSettings corpus = settings.corpus();
        String id = String.format(Locale.ROOT, "n%07d", index);
        String dir = corpus.lists().get(split).split() + "/" + id;
        // A naturally incomplete sample lacks one of its two modalities (never both).
        boolean drop = r.nextDouble() < settings.missingFraction();
        int dropped = r.nextInt(2);
        StringBuilder line = new StringBuilder();
        for (int m = 0; m < corpus.modalities().size(); m++) {
            String name = corpus.modalities().get(m).name();
            if (drop && m == dropped) {
                line.append(corpus.missingMarker()).append(' ');
                continue;
            }
            String rel = dir + "/" + name + ".png";
            if (name.equals("rgb")) {
                CorpusGenerator.writePng(out.resolve(rel), rgb, size, 3, 3);
            } else {
                writeDepth16(out.resolve(rel), depth, size);
            }
            line.append(rel).append(' ');
        }
        String labelRel = dir + "/label.png";
        writeLabels(out.resolve(labelRel), scene.labels(), size);
        line.append(labelRel);
        long[] counts = new long[SceneKind.values().length];
        for (byte b : scene.labels()) {
            counts[b]++;
        }
        return new Sample(split, line.toString(), drop, counts);
    }

    /** Depth in millimetres as a 16-bit grey PNG (NYUv2's raw depth format). */
    static void writeDepth16(Path file, short[] mm, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_USHORT_GRAY);
        short[] data = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(mm, 0, data, 0, mm.length);
        CorpusGenerator.writePng(file, img);
    }

    /** Class indices as an 8-bit grey PNG. */
    static void writeLabels(Path file, byte[] labels, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(labels, 0, data, 0, labels.length);
        CorpusGenerator.writePng(file, img);
    }

    /**
     * The geometry of one scene: per pixel its class and its noise-free depth, and the scene's wall
     * brightness. Objects are drawn in order, later ones over earlier ones (the label is the topmost).
     */
    static final class Scene {
        final int size;
        final byte[] labels;
        final double[] depth;
        final int[][] colour;
        final double wallGain;

        private Scene(int size, double wallGain) {
            this.size = size;
            labels = new byte[size * size];
            depth = new double[size * size];
            colour = new int[size * size][];
            this.wallGain = wallGain;
        }

        static Scene draw(SplittableRandom r, int size, int objects) {
            Scene s = new Scene(size, 0.85 + 0.3 * r.nextDouble());
            // The wall: a plane 3-5 m away, tilted by up to 0.5 m across the image each way.
            double d0 = 3000 + 2000 * r.nextDouble();
            double gy = (r.nextDouble() - 0.5) * 1000 / size;
            double gx = (r.nextDouble() - 0.5) * 1000 / size;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    s.depth[y * size + x] = d0 + gy * (y - size / 2.0) + gx * (x - size / 2.0);
                }
            }
            SceneKind[] kinds = SceneKind.values();
            for (int o = 0; o < objects; o++) {
                s.object(r, kinds[1 + r.nextInt(kinds.length - 1)]);
            }
            return s;
        }

        /** Draws one object of {@code kind} at a random place and size. */
        private void object(SplittableRandom r, SceneKind kind) {
            int h = size / 6 + r.nextInt(Math.max(1, size / 4));
            int w = size / 6 + r.nextInt(Math.max(1, size / 4));
            int y0 = r.nextInt(Math.max(1, size - h));
            int x0 = r.nextInt(Math.max(1, size - w));
            double lift = 1200 + 1000 * r.nextDouble(); // how far in front of the wall, mm
            int[] paint = switch (kind) {
                case RED_POSTER -> new int[] {200, 40, 40};
                case BLUE_POSTER -> new int[] {40, 60, 200};
                case TABLE -> new int[] {50, 170, 60};
                default -> null; // wall-grey: RGB cannot see it
            };
            double cy = y0 + (h - 1) / 2.0;
            double cx = x0 + (w - 1) / 2.0;
            double radius = Math.min(h, w) / 2.0;
            for (int y = y0; y < y0 + h && y < size; y++) {
                for (int x = x0; x < x0 + w && x < size; x++) {
                    int i = y * size + x;
                    double wall = depth[i];
                    if (kind == SceneKind.BALL) {
                        double dd = ((y - cy) * (y - cy) + (x - cx) * (x - cx)) / (radius * radius);
                        if (dd > 1) {
                            continue; // a ball is round
                        }
                        depth[i] = wall - lift * Math.sqrt(1 - dd);
                    } else if (kind.byDepth()) {
                        depth[i] = wall - lift;
                    }
                    labels[i] = (byte) kind.ordinal();
                    colour[i] = paint;
                }
            }
        }

        byte[] labels() {
            return labels;
        }

        /** 8-bit RGB, HWC: the paint (or the wall grey) under the scene's brightness, plus Gaussian noise. */
        byte[] rgb(SplittableRandom r, double noise) {
            byte[] px = new byte[size * size * 3];
            for (int i = 0; i < size * size; i++) {
                int[] c = colour[i] != null ? colour[i] : WALL_RGB;
                for (int k = 0; k < 3; k++) {
                    px[3 * i + k] = (byte) clamp(c[k] * wallGain + noise * gaussian(r), 0, 255);
                }
            }
            return px;
        }

        /** Depth in millimetres plus Gaussian noise, clamped to 16 bits. */
        short[] depthMm(SplittableRandom r, double noiseMm) {
            short[] mm = new short[size * size];
            for (int i = 0; i < mm.length; i++) {
                mm[i] = (short) clamp(depth[i] + noiseMm * gaussian(r), 0, 65535);
            }
            return mm;
        }

        private static double gaussian(SplittableRandom r) {
            // Box-Muller from the sample's own stream (SplittableRandom has no nextGaussian).
            double u = 1 - r.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
        }

        private static int clamp(double v, int lo, int hi) {
            return (int) Math.max(lo, Math.min(hi, Math.round(v)));
        }
    }
}
