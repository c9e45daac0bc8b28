package io.mmanet.jobs.pipeline;

import io.mmanet.config.MmanetConfig;
import io.mmanet.prep.corpus.CorpusSettings;
import io.mmanet.prep.ingest.CorpusListing;
import io.mmanet.prep.ingest.SourceList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataChecksumTest {

    @TempDir
    Path corpus;

    @Test
    void theSkipCheckDigestsTheListsExactlyAsPrepRecordsThem() throws IOException {
        FileBackedJobs.writeCorpus(corpus, List.of("rgb/1.png depth/1.png ir/1.png 0", "rgb/2.png depth/2.png ir/2.png 1"));
        Files.write(corpus.resolve("val_list.txt"), List.of("rgb/5.png depth/5.png ir/5.png 1"));
        CorpusSettings settings = CorpusSettings.fromConfig(MmanetConfig.load(null, List.of()));
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(corpus.toUri());

        List<SourceList> ours = DataChecksum.sourceLists(fs, root, settings);
        List<SourceList> prep = CorpusListing.read(fs, root, settings).sources();
        assertEquals(prep.size(), ours.size());
        for (int i = 0; i < prep.size(); i++) {
            assertEquals(prep.get(i).file(), ours.get(i).file());
            assertEquals(prep.get(i).sha256(), ours.get(i).sha256(), prep.get(i).file());
        }
        String before = DataChecksum.of(ours);
        assertEquals(before, DataChecksum.of(prep), "the checksum ignores line counts");

        Files.write(corpus.resolve("test_list.txt"), List.of("rgb/9.png depth/9.png ir/9.png 0"));
        assertNotEquals(before, DataChecksum.of(DataChecksum.sourceLists(fs, root, settings)));
    }

    @Test
    void aMissingListIsNamed() throws IOException {
        CorpusSettings settings = CorpusSettings.fromConfig(MmanetConfig.load(null, List.of()));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> DataChecksum.sourceLists(
                FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(corpus.toUri()), settings));
        assertTrue(e.getMessage().contains("train_list.txt"), e.getMessage());
    }
}
