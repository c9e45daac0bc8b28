package io.mmanet.prep.shard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.mmanet.prep.ingest.QuarantineRecord;
import io.mmanet.prep.manifest.Manifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code quarantine/quarantine.jsonl}: one JSON object per rejected row, in source/line order. */
public final class QuarantineReport {

    public static final String FILE = Manifest.QUARANTINE_DIR + "/quarantine.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private QuarantineReport() {
    }

    public static void write(FileSystem fs, Path outDir, List<QuarantineRecord> records) {
        Path path = new Path(outDir, FILE);
        ObjectWriter writer = JSON.writerFor(QuarantineRecord.class);
        try (FSDataOutputStream out = fs.create(path, true)) {
            for (QuarantineRecord r : records) {
                out.write(writer.writeValueAsBytes(r));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads the quarantine records of a prepared output. */
    public static List<QuarantineRecord> read(String outUri, Configuration conf) {
        Path path = new Path(new Path(outUri), FILE);
        List<QuarantineRecord> records = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                path.getFileSystem(conf).open(path), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    records.add(JSON.readValue(line, QuarantineRecord.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return records;
    }
}
