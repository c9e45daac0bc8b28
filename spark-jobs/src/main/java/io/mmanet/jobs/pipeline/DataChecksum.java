package io.mmanet.jobs.pipeline;

import io.mmanet.prep.corpus.CorpusFormat;
import io.mmanet.prep.corpus.CorpusSettings;
import io.mmanet.prep.corpus.SplitList;
import io.mmanet.prep.ingest.SourceList;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The checksum that identifies a corpus version: SHA-256 over (split, file, SHA-256 of the file)
 * of every source list, in corpus order. Computed from a prep manifest's {@code sources}, or from
 * the list files themselves (the same bytes prep digests) to decide whether prep can be skipped.
 */
public final class DataChecksum {

    private DataChecksum() {
    }

    public static String of(List<SourceList> sources) {
        MessageDigest md = sha256();
        for (SourceList s : sources) {
            md.update((s.split() + "\t" + s.file() + "\t" + s.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The source lists of the corpus at {@code root} as prep would record them (checksums only). */
    public static List<SourceList> sourceLists(FileSystem fs, Path root, CorpusSettings corpus) {
        List<SourceList> out = new ArrayList<>();
        if (corpus.format() == CorpusFormat.CASIA_SURF) {
            for (SplitList list : corpus.lists()) {
                out.add(digest(fs, new Path(root, list.file()), list.split(), list.file()));
            }
        } else {
            out.add(digest(fs, new Path(root, corpus.manifestFile()), "*", corpus.manifestFile()));
        }
        return out;
    }

    private static SourceList digest(FileSystem fs, Path path, String split, String name) {
        MessageDigest md = sha256();
        long bytes = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = fs.open(path)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
                bytes += n;
            }
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("source list " + path + " does not exist (corpus settings, split " + split + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read source list " + path + ": " + e.getMessage(), e);
        }
        // Line counts are not part of the checksum; -1 says "not counted here".
        return new SourceList(split, name, HexFormat.of().formatHex(md.digest()), bytes, -1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
