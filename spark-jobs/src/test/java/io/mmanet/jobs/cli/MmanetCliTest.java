package io.mmanet.jobs.cli;

import io.mmanet.networks.method.Method;
import io.mmanet.networks.method.Methods;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MmanetCliTest {

    private static final List<String> SUBCOMMANDS =
            List.of("generate", "prep", "train", "eval", "pipeline", "demo", "bench", "check", "config", "methods",
                    "ablation", "diagnose");

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = MmanetCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEverySubcommandWithADescription() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String sub : SUBCOMMANDS) {
            assertTrue(r.out().matches("(?s).*\\n\\s+" + sub + "\\s+\\S.*"), "missing '" + sub + "' in:\n" + r.out());
        }
    }

    /**
     * picocli formats descriptions with String.format: a bare '%' made it print a warning on stderr
     * and show the raw text (with literal %n) in the command's help.
     */
    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        List<CommandLine> all = new java.util.ArrayList<>(List.of(MmanetCli.commandLine()));
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < all.size(); i++) {
                all.addAll(all.get(i).getSubcommands().values());
                all.get(i).getUsageMessage();
            }
        } finally {
            System.setErr(stderr);
        }
        String warnings = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(all.size() > SUBCOMMANDS.size(), "walked the subcommands too: " + all.size());
        assertTrue(!warnings.contains("picocli WARN"), warnings);
    }

    @Test
    void unknownKeyFailsBeforeAnySparkWorkNamingTheKey() {
        Run r = run("train", "--set", "nosuch.key=1");
        assertEquals(CliExceptionHandler.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains("nosuch.key"), r.err());
    }

    @Test
    void benchPrepRejectsNoTimedRunsBeforeAnyWork(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        Run r = run("bench", "prep", "--repeats", "0", "--work", tmp.resolve("w").toString());
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("--repeats must be at least 1"), r.err());
        assertTrue(!java.nio.file.Files.exists(tmp.resolve("w")), "no corpus generated");
    }

    @Test
    void benchTrainRejectsAnUnknownEpochSideBeforeAnyWork() {
        Run r = run("bench", "train", "--epochs-of", "spark,gpu");
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("--epochs-of: unknown epoch measurement 'gpu'; expected single, spark or mmanet"),
                r.err());
    }

    @Test
    void unknownMethodIsAConfigurationErrorNamingTheRegisteredOnes() {
        Run r = run("train", "--role", "deployment", "--method", "no-such-method", "--data", "file:/nowhere",
                "--run-dir", "file:/nowhere/run");
        assertEquals(CliExceptionHandler.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains("no-such-method"), r.err());
        for (String name : Methods.names()) {
            assertTrue(r.err().contains(name), "'" + name + "' missing in: " + r.err());
        }
    }

    @Test
    void diagnoseFailsNamingASeedFolderWithoutCheckpointsBeforeSparkStarts(@org.junit.jupiter.api.io.TempDir
                                                                          java.nio.file.Path tmp) throws Exception {
        java.nio.file.Files.createDirectories(tmp.resolve("seed-4/runs/teacher/checkpoints/_tmp-epoch-00001-x"));
        Run r = run("diagnose", "--out", tmp.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains(tmp.resolve("seed-4/runs").toString()) && r.err().contains("no complete checkpoint"),
                r.err());
        Run none = run("diagnose", "--out", tmp.resolve("seed-4").toString());
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("no seed-S folder in"), none.err());
    }

    @Test
    void methodsListsTheRegistryWithTeachersAndTasks() {
        Run r = run("methods");
        assertEquals(0, r.code());
        for (Method m : Methods.all()) {
            assertTrue(r.out().matches("(?s).*\\n\\s+" + java.util.regex.Pattern.quote(m.name()) + "\\s+"
                    + m.teachers().label() + "\\s+" + java.util.regex.Pattern.quote(String.join(",", m.tasks()))
                    + "\\s+\\S.*"), "missing '" + m.name() + "' in:\n" + r.out());
        }
        assertTrue(r.out().contains("mmanet   full-modality"), r.out());
        assertTrue(r.out().contains("sf-md    none"), r.out());
        assertTrue(r.out().contains("mmanet   full-modality  classification,segmentation"), r.out());
    }

    @Test
    void generateWritesSegmentationScenesWithTask(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        // The default corpus is face anti-spoofing: its bona-fide class makes no sense per pixel.
        Run bad = run("generate", "--task", "segmentation", "--out", tmp.resolve("bad").toString());
        assertEquals(CliExceptionHandler.EXIT_CONFIG, bad.code());
        assertTrue(bad.err().contains("corpus.bona-fide-label"), bad.err());
        Run ok = run("generate", "--task", "segmentation", "--samples", "3", "--out", tmp.resolve("seg").toString(),
                "--set", "modalities=[{name=rgb,channels=3},{name=depth,channels=1}]",
                "--set", "corpus.label-names=[wall,red-poster,blue-poster,box,ball,table]",
                "--set", "corpus.bona-fide-label=\"\"", "--set", "generate.image-size=16");
        assertEquals(0, ok.code(), ok.err());
        List<String> lines = java.nio.file.Files.readAllLines(tmp.resolve("seg/train_list.txt"));
        assertTrue(!lines.isEmpty() && lines.get(0).matches("\\S+/rgb\\.png \\S+/depth\\.png \\S+/label\\.png"),
                lines.toString());
    }

    @Test
    void wronglyTypedValueFailsNamingTheKey() {
        Run r = run("train", "--set", "train.epochs=banana");
        assertEquals(CliExceptionHandler.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains("train.epochs"), r.err());
    }

    @Test
    void systemPropertyOverridesAreValidatedToo() {
        System.setProperty("train.epochs", "banana");
        try {
            Run r = run("train");
            assertEquals(CliExceptionHandler.EXIT_CONFIG, r.code());
            assertTrue(r.err().contains("train.epochs"), r.err());
        } finally {
            System.clearProperty("train.epochs");
        }
    }
}
