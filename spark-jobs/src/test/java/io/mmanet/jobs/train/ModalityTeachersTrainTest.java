package io.mmanet.jobs.train;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.cli.MmanetCli;
import io.mmanet.jobs.export.ModelCard;
import io.mmanet.jobs.export.ModelExport;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.input.SampleDecoder;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.LogCapture;
import io.mmanet.jobs.testing.TinyCorpus;
import io.mmanet.jobs.workflow.Workflow;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * modality-teachers with one command on a naturally incomplete corpus (30% of the rows lack one or
 * two modalities): the run trains one SF teacher per modality on every row that has it, then the
 * student on the complete rows; each teacher learns from more rows than the student (the recorded
 * counts). A resume after a kill reuses the teachers already trained; {@code --teacher
 * <modality>=URI} reuses given ones; a single {@code --teacher} is refused before any Spark work.
 */
class ModalityTeachersTrainTest {
    private static final List<String> SETS = TinyCorpus.config("generate.samples=160", "generate.image-size=16",
            "prep.height=8", "prep.width=8", "generate.missing-fraction=0.3", "train.epochs=1");

    private record Run(int code, String err) {
    }

    private static Run train(String data, String runDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--role", "deployment", "--method", "modality-teachers",
                "--data", data, "--run-dir", runDir));
        args.addAll(List.of(extra));
        for (String s : SETS) {
            args.add("--set");
            args.add(s);
        }
        CommandLine cl = MmanetCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args.toArray(new String[0])), err.toString());
    }

    private static ModelCard card(String run) throws Exception {
        return ModelExport.read(run, new Configuration()).card();
    }

    @Test
    void eachTeacherLearnsFromMoreRowsThanTheStudentAndIsReusedOnResume(@TempDir Path dir) throws Exception {
        Config cfg = MmanetConfig.load(null, SETS);
        String data = Workflow.generatedData(LocalSpark.session(), cfg, dir, what -> { });
        Modalities mods = Modalities.rgbDepthIr();

        Run single = train(data, dir.resolve("refused").toUri().toString(), "--teacher", "file:/some/teacher");
        assertEquals(2, single.code(), "a configuration error (CliExceptionHandler.EXIT_CONFIG)");
        assertTrue(single.err().contains("one teacher per modality"), single.err());

        String run = dir.resolve("run").toUri().toString();
        Run first;
        List<String> log;
        try (LogCapture capture = new LogCapture(TrainJob.class)) {
            first = train(data, run);
            log = capture.lines();
        }
        assertEquals(0, first.code(), first.err());

        // What the train split has, row by row.
        CorpusInfo corpus = CorpusInfo.read(data, new Configuration());
        SampleDecoder decoder = corpus.decoder(8, 8);
        List<Row> rows = ShardReader.read(LocalSpark.session(), corpus, "train").collectAsList();
        long complete = rows.stream().filter(r -> decoder.presentBits(r) == 7).count();
        assertTrue(complete < rows.size(), "the corpus has incomplete rows");

        ModelCard student = card(run);
        assertEquals("modality-teachers", student.method);
        assertEquals(complete, student.metrics.get("train_rows").longValue(), "the student trains on complete rows");
        Map<String, Long> teacherRows = new LinkedHashMap<>();
        for (ModalityCombination c : ModalityCombination.all(mods)) {
            if (c.size() != 1) {
                continue;
            }
            ModelCard teacher = card(MethodTeachers.runDir(run, c));
            long having = rows.stream().filter(r -> (decoder.presentBits(r) & c.bits()) != 0).count();
            long used = teacher.metrics.get("train_rows").longValue();
            assertEquals("teacher", teacher.role);
            assertEquals(c.toString(), teacher.combination);
            assertEquals(having, used, "teacher [" + c + "] trains on every row that has " + c);
            assertTrue(used > complete, "teacher [" + c + "]: " + used + " rows, student " + complete);
            assertEquals(used, student.metrics.get("teacher_train_rows[" + c + "]").longValue());
            teacherRows.put(c.toString(), used);
        }
        assertEquals(3, teacherRows.size());
        String expected = "rows: student " + complete + ", teachers " + teacherRows;
        assertTrue(log.stream().anyMatch(l -> l.contains("epoch 1 " + expected)), expected + " not in " + log);

        // A kill after the teachers finished, before the student's first checkpoint: --resume
        // trains the student and reuses every teacher as it is.
        Path runPath = dir.resolve("run");
        Map<String, FileTime> teacherModels = new LinkedHashMap<>();
        for (String t : teacherRows.keySet()) {
            Path zip = runPath.resolve("teachers").resolve(t).resolve("model").resolve(ModelExport.MODEL);
            teacherModels.put(t, Files.getLastModifiedTime(zip));
        }
        deleteTree(runPath.resolve("checkpoints"));
        deleteTree(runPath.resolve("model"));
        List<String> resumeLog;
        try (LogCapture capture = new LogCapture(MethodTeachers.class)) {
            Run resumed = train(data, run, "--resume");
            assertEquals(0, resumed.code(), resumed.err());
            resumeLog = capture.lines();
        }
        assertEquals(3, resumeLog.stream().filter(l -> l.contains("already trained")).count(), resumeLog.toString());
        for (var e : teacherModels.entrySet()) {
            Path zip = runPath.resolve("teachers").resolve(e.getKey()).resolve("model").resolve(ModelExport.MODEL);
            assertEquals(e.getValue(), Files.getLastModifiedTime(zip), "teacher " + e.getKey() + " not retrained");
        }
        assertEquals(complete, card(run).metrics.get("train_rows").longValue());

        // Teachers given per modality: the run trains only the student.
        String reuse = dir.resolve("reuse").toUri().toString();
        List<String> given = new ArrayList<>();
        teacherRows.keySet().forEach(t -> given.addAll(List.of("--teacher",
                t + "=" + MethodTeachers.runDir(run, ModalityCombination.parse(t, mods)))));
        Run reused = train(data, reuse, given.toArray(new String[0]));
        assertEquals(0, reused.code(), reused.err());
        assertFalse(Files.exists(dir.resolve("reuse").resolve("teachers")), "no teacher trained in the run");
        assertEquals(teacherRows.get("rgb"), card(reuse).metrics.get("teacher_train_rows[rgb]").longValue());
    }

    private static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
