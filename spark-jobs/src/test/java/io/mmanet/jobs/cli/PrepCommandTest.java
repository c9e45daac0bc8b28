package io.mmanet.jobs.cli;

import io.mmanet.prep.manifest.Manifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mmanet generate} then {@code mmanet prep} through the CLI, on the production Spark session
 * (Kryo with registrationRequired=true), so every class the prep job ships must be registered.
 */
class PrepCommandTest {

    @TempDir
    static Path tmp;

    @AfterAll
    static void stopSpark() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static int run(StringWriter err, String... args) {
        CommandLine cl = MmanetCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void generateThenPrepWithRegistrationRequiredKryo() throws Exception {
        Path corpus = tmp.resolve("corpus");
        Path out = tmp.resolve("out");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "generate", "--out", corpus.toString(), "--samples", "40", "--seed", "3",
                "--set", "generate.image-size=32", "--set", "generate.missing-fraction=0.1"), err.toString());
        assertTrue(Files.isRegularFile(corpus.resolve("train_list.txt")));
        String[] prep = {"prep", "--corpus", corpus.toString(), "--out", out.toString(), "--master", "local[2]",
                "--set", "prep.height=16", "--set", "prep.width=16"};
        assertEquals(0, run(err, prep), err.toString());
        Manifest m = Manifest.read(out.toString(), new Configuration());
        assertEquals(40, m.splits.values().stream().mapToLong(c -> c.accepted()).sum());

        StringWriter again = new StringWriter();
        assertEquals(CliExceptionHandler.EXIT_INPUT, run(again, prep));
        assertTrue(again.toString().contains("--overwrite"), again.toString());

        StringWriter badConf = new StringWriter();
        assertEquals(CliExceptionHandler.EXIT_CONFIG, run(badConf, "prep", "--corpus", corpus.toString(), "--out",
                tmp.resolve("o2").toString(), "--set", "prep.height=0"));
        assertTrue(badConf.toString().contains("prep.height"), badConf.toString());
    }
}
