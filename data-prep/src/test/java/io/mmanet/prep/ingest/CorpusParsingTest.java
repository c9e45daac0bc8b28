package io.mmanet.prep.ingest;

import io.mmanet.config.MmanetConfig;
import io.mmanet.prep.corpus.CorpusSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Line-level checks of both corpus formats (no images, no Spark). */
class CorpusParsingTest {

    static final CorpusSettings SETTINGS = CorpusSettings.fromConfig(MmanetConfig.load(null, List.of()));

    @Test
    void casiaSurfLines() {
        ListLineParser p = new ListLineParser(SETTINGS);
        ParsedLine ok = p.parse("train", "train_list.txt", 3, "  a/./rgb.jpg\t- b/ir.jpg   1 ");
        assertTrue(ok.accepted());
        assertEquals("a/rgb.jpg", ok.row().id());
        assertEquals("a/rgb.jpg", ok.row().path(0));
        assertNull(ok.row().path(1));
        assertEquals(1, ok.row().label());
        assertEquals("wrong-column-count", p.parse("train", "l", 1, "a b 1").problem().reason());
        assertEquals("unknown-label", p.parse("train", "l", 1, "a b c 2").problem().reason());
        assertEquals("unknown-label", p.parse("train", "l", 1, "a b c -1").problem().reason());
        assertEquals("no-modality", p.parse("train", "l", 1, "- - - 0").problem().reason());
        QuarantineRecord escape = p.parse("train", "l", 9, "x/../../y.png - - 0").problem();
        assertEquals("path-escapes-root", escape.reason());
        assertEquals("x/../../y.png", escape.path());
        assertEquals(9, escape.line());
    }

    @Test
    void corpusPathsStayInsideTheRoot() {
        assertEquals("a/b.png", CorpusPaths.normalise("a/x/../b.png"));
        assertEquals("a/b.png", CorpusPaths.normalise("./a//b.png"));
        assertNull(CorpusPaths.normalise("../a.png"));
        assertNull(CorpusPaths.normalise("/etc/passwd"));
        assertNull(CorpusPaths.normalise("hdfs://nn/x.png"));
        assertNull(CorpusPaths.normalise("C:\\x.png"));
        assertNull(CorpusPaths.normalise("a/.."));
    }

    @Test
    void manifestTablesByHeaderNameWithQuotesAndTabs() {
        ManifestTableParser csv = ManifestTableParser.fromHeader("m.csv", "extra,label,ir,id,split,depth,rgb", SETTINGS);
        ParsedLine ok = csv.parse("m.csv", 2, "x,real,i.png,\"id,1\",val,-,\"r g.png\"");
        assertTrue(ok.accepted(), String.valueOf(ok.problem()));
        assertEquals("id,1", ok.row().id());
        assertEquals("val", ok.row().split());
        assertEquals(1, ok.row().label());
        assertEquals("r g.png", ok.row().path(0));
        assertNull(ok.row().path(1));
        assertEquals("i.png", ok.row().path(2));
        assertEquals(0, csv.parse("m.csv", 3, "x,0,i.png,id2,val,-,r.png").row().label());
        assertEquals("unknown-split", csv.parse("m.csv", 4, "x,0,i.png,id3,dev,-,r.png").problem().reason());
        assertEquals("wrong-column-count", csv.parse("m.csv", 5, "x,0,i.png").problem().reason());
        assertEquals("missing-id", csv.parse("m.csv", 6, "x,0,i.png, ,val,-,r.png").problem().reason());
        assertEquals("unknown-label", csv.parse("m.csv", 7, "x,cat,i.png,id4,val,-,r.png").problem().reason());

        ManifestTableParser tsv = ManifestTableParser.fromHeader("m.tsv", "id\tsplit\tlabel\trgb\tdepth\tir", SETTINGS);
        assertEquals("a b", tsv.parse("m.tsv", 2, "a b\ttrain\t1\tr.png\td.png\ti.png").row().id());

        CorpusFormatException bad = assertThrows(CorpusFormatException.class,
                () -> ManifestTableParser.fromHeader("m.csv", "id,split,label,rgb", SETTINGS));
        assertTrue(bad.getMessage().contains("[depth, ir]"), bad.getMessage());
    }
}
