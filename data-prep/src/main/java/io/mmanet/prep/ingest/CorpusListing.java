package io.mmanet.prep.ingest;

import io.mmanet.prep.corpus.CorpusFormat;
import io.mmanet.prep.corpus.CorpusSettings;
import io.mmanet.prep.corpus.SplitList;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a corpus' list files (driver side, through the Hadoop FileSystem API), parses every line,
 * quarantines the rows that are bad without looking at an image (including duplicate ids: the
 * first occurrence wins) and checksums each list. Blank lines are skipped and not counted.
 */
public final class CorpusListing {

    private final Map<String, List<SourceRow>> rows = new LinkedHashMap<>();
    private final List<QuarantineRecord> problems = new ArrayList<>();
    private final Map<String, Long> read = new LinkedHashMap<>();
    private final List<SourceList> sources = new ArrayList<>();
    private final Map<String, String> firstSeen = new HashMap<>();

    private CorpusListing(List<String> splits) {
        for (String s : splits) {
            rows.put(s, new ArrayList<>());
            read.put(s, 0L);
        }
    }

    public static CorpusListing read(FileSystem fs, Path root, CorpusSettings settings) {
        CorpusListing listing = new CorpusListing(settings.splits());
        if (settings.format() == CorpusFormat.CASIA_SURF) {
            ListLineParser parser = new ListLineParser(settings);
            for (SplitList list : settings.lists()) {
                listing.readFile(fs, new Path(root, list.file()), list.file(), list.split(),
                        (n, line) -> parser.parse(list.split(), list.file(), n, line), false, settings);
            }
        } else {
            listing.readFile(fs, new Path(root, settings.manifestFile()), settings.manifestFile(), "*",
                    null, true, settings);
        }
        return listing;
    }

    private interface LineParser {
        ParsedLine parse(long lineNumber, String line);
    }

    private void readFile(FileSystem fs, Path path, String name, String split, LineParser parser, boolean hasHeader,
                          CorpusSettings settings) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long lineNumber = 0;
        long bytes;
        try (InputStream raw = fs.open(path);
             DigestInputStream in = new DigestInputStream(raw, sha);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            LineParser p = parser;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1); // UTF-8 byte order mark
                }
                if (line.isBlank()) {
                    continue;
                }
                if (hasHeader && p == null) {
                    ManifestTableParser table = ManifestTableParser.fromHeader(name, line, settings);
                    p = (n, l) -> table.parse(name, n, l);
                    continue;
                }
                add(p.parse(lineNumber, line));
            }
            if (hasHeader && p == null) {
                throw new CorpusFormatException(name + ": empty manifest (no header line)");
            }
            bytes = fs.getFileStatus(path).getLen();
        } catch (FileNotFoundException e) {
            throw new CorpusFormatException("list file " + path + " (" + (hasHeader ? "corpus.manifest-file"
                    : "corpus.lists, split " + split) + ") does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read list file " + path + ": " + e.getMessage(), e);
        }
        sources.add(new SourceList(split, name, HexFormat.of().formatHex(sha.digest()), bytes, lineNumber));
    }

    private void add(ParsedLine parsed) {
        String split = parsed.accepted() ? parsed.row().split() : parsed.problem().split();
        read.merge(split, 1L, Long::sum);
        if (!parsed.accepted()) {
            problems.add(parsed.problem());
            return;
        }
        SourceRow row = parsed.row();
        String where = row.source() + " line " + row.line();
        String first = firstSeen.putIfAbsent(row.id(), where);
        if (first != null) {
            problems.add(QuarantineRecord.of(row, null, QuarantineReason.DUPLICATE_ID,
                    "id '" + row.id() + "' already used at " + first));
            return;
        }
        rows.get(split).add(row);
    }

    /** Well-formed rows per split, in list order (images not yet looked at). */
    public Map<String, List<SourceRow>> rows() {
        return rows;
    }

    public List<QuarantineRecord> problems() {
        return problems;
    }

    /** Rows read per split (every non-blank line but headers). */
    public Map<String, Long> read() {
        return read;
    }

    public List<SourceList> sources() {
        return sources;
    }

    public long rowCount() {
        return rows.values().stream().mapToLong(List::size).sum();
    }
}
