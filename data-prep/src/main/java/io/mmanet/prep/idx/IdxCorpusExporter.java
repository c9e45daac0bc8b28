package io.mmanet.prep.idx;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.prep.ingest.CorpusFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Turns Fashion-MNIST IDX files into a manifest-format corpus of real PNG files: each image is cut
 * into the configured views (bands of rows), each view a 1-channel modality. The IDX training set
 * gives the train and val splits (the last idx.val-fraction goes to val), the IDX test set the test
 * split. The returned configuration points prep at that corpus with matching modalities, labels
 * and stored size. An export whose settings match is reused (it is a cache, not an input).
 */
public final class IdxCorpusExporter {
    private static final Logger LOG = LoggerFactory.getLogger(IdxCorpusExporter.class);

    /** Debian package that installs the files under /usr/share/datasets/fashion-mnist. */
    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";
    private static final String STAMP = "idx-export.txt";

    /** The written corpus and the configuration to prepare it with. */
    public record Export(Path corpusDir, Config config, int images) {
    }

    private IdxCorpusExporter() {
    }

    /**
     * @param idxDir directory of the IDX files, or null for idx.dir
     * @param outUri the prep output; the corpus goes to idx.corpus-dir or {@code <out>-idx-corpus}
     */
    public static Export export(Config cfg, String idxDir, String outUri) {
        IdxSettings s = IdxSettings.fromConfig(cfg);
        Path dir = Path.of(idxDir != null ? idxDir : s.dir());
        Path corpusDir = s.corpusDir().isEmpty() ? localPath(outUri + "-idx-corpus") : Path.of(s.corpusDir());
        try {
            IdxFile trainImages = IdxFile.read(find(dir, "train-images-idx3-ubyte"), s.limit());
            IdxFile trainLabels = IdxFile.read(find(dir, "train-labels-idx1-ubyte"), s.limit());
            IdxFile testImages = IdxFile.read(find(dir, "t10k-images-idx3-ubyte"), s.limit());
            IdxFile testLabels = IdxFile.read(find(dir, "t10k-labels-idx1-ubyte"), s.limit());
            int rows = trainImages.dims()[1];
            int cols = trainImages.dims()[2];
            for (IdxView v : s.views()) {
                if (v.toRow() > rows) {
                    throw new ConfigValidationException("idx.views: view '" + v.name() + "' ends at row " + v.toRow()
                            + " but the images have " + rows + " rows");
                }
            }
            String stamp = "views=" + s.views() + " limit=" + s.limit() + " val=" + s.valFraction() + " source=" + dir
                    + " train=" + trainImages.count() + " test=" + testImages.count();
            Path stampFile = corpusDir.resolve(STAMP);
            int images = trainImages.count() + testImages.count();
            if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
                LOG.info("idx: reusing the exported corpus in {}", corpusDir);
            } else {
                long t0 = System.nanoTime();
                write(corpusDir, s, trainImages, trainLabels, testImages, testLabels, rows, cols);
                Files.writeString(stampFile, stamp, StandardCharsets.UTF_8);
                LOG.info("idx: wrote {} images x {} views to {} in {} s", images, s.views().size(), corpusDir,
                        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            }
            return new Export(corpusDir, overlay(cfg, s, cols), images);
        } catch (IOException e) {
            throw new UncheckedIOException("idx import from " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path corpusDir, IdxSettings s, IdxFile trainImages, IdxFile trainLabels,
                              IdxFile testImages, IdxFile testLabels, int rows, int cols) throws IOException {
        Files.createDirectories(corpusDir);
        int nTrain = trainImages.count();
        int firstVal = (int) Math.round(nTrain * (1 - s.valFraction()));
        String[] lines = new String[nTrain + testImages.count()];
        IntStream.range(0, lines.length).parallel().forEach(i -> {
            boolean test = i >= nTrain;
            int k = test ? i - nTrain : i;
            String split = test ? "test" : (k >= firstVal ? "val" : "train");
            IdxFile images = test ? testImages : trainImages;
            int label = (test ? testLabels : trainLabels).label(k);
            String id = (test ? "t10k-" : "train-") + k;
            byte[] img = images.item(k);
            StringBuilder line = new StringBuilder(id).append(',').append(split).append(',').append(label);
            for (IdxView v : s.views()) {
                String rel = split + "/" + (k / 1000) + "/" + id + "-" + v.name() + ".png";
                writeBand(corpusDir.resolve(rel), img, cols, v);
                line.append(',').append(rel);
            }
            lines[i] = line.toString();
        });
        List<String> manifest = new ArrayList<>();
        StringBuilder header = new StringBuilder("id,split,label");
        s.views().forEach(v -> header.append(',').append(v.name()));
        manifest.add(header.toString());
        manifest.addAll(List.of(lines));
        Files.write(corpusDir.resolve("manifest.csv"), manifest, StandardCharsets.UTF_8);
    }

    private static void writeBand(Path file, byte[] img, int cols, IdxView v) {
        BufferedImage band = new BufferedImage(cols, v.rows(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) band.getRaster().getDataBuffer()).getData();
        System.arraycopy(img, v.fromRow() * cols, data, 0, v.rows() * cols);
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(band, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** prep settings for the exported corpus: views as 1-channel modalities at their own size. */
    static Config overlay(Config cfg, IdxSettings s, int cols) {
        List<Map<String, Object>> modalities = new ArrayList<>();
        int maxRows = 0;
        int minRows = Integer.MAX_VALUE;
        for (IdxView v : s.views()) {
            modalities.add(Map.of("name", v.name(), "channels", 1));
            maxRows = Math.max(maxRows, v.rows());
            minRows = Math.min(minRows, v.rows());
        }
        Map<String, Object> o = new java.util.HashMap<>();
        o.put("modalities", modalities);
        o.put("corpus.format", "manifest");
        o.put("corpus.manifest-file", "manifest.csv");
        o.put("corpus.label-names", s.labelNames());
        o.put("corpus.bona-fide-label", "");
        o.put("corpus.lists", List.of(Map.of("split", "train", "file", "manifest.csv"),
                Map.of("split", "val", "file", "manifest.csv"), Map.of("split", "test", "file", "manifest.csv")));
        o.put("prep.height", maxRows);
        o.put("prep.width", cols);
        o.put("prep.min-source-size", Math.min(minRows, cols));
        Config overlay = ConfigFactory.empty();
        for (Map.Entry<String, Object> e : o.entrySet()) {
            overlay = overlay.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
        }
        return overlay.withFallback(cfg);
    }

    private static Path find(Path dir, String base) {
        for (String name : List.of(base, base + ".gz")) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new CorpusFormatException("no " + base + "[.gz] in " + dir + " (idx.dir); on Debian: "
                + "apt-get install " + DEBIAN_PACKAGE);
    }

    private static Path localPath(String uri) {
        if (uri.startsWith("file:")) {
            return Path.of(URI.create(uri));
        }
        if (uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new ConfigValidationException("idx.corpus-dir: set it to a local directory when --out (" + uri
                    + ") is not local");
        }
        return Path.of(uri);
    }
}
