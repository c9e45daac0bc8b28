package io.mmanet.jobs.pipeline;

import org.apache.hadoop.conf.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A pipeline process for RetrainingPipelineTest to kill: its deployment training writes a marker
 * file and then blocks, so the test can SIGKILL it mid-training.
 * Arguments: pipeline dir, corpus dir, marker file.
 */
public final class PipelineCrashMain {

    private PipelineCrashMain() {
    }

    public static void main(String[] args) {
        PipelineSettings settings = new PipelineSettings(args[0], args[1], "error", false, 0.0,
                Duration.ofHours(2));
        FileBackedJobs jobs = new FileBackedJobs(0.8) {
            @Override
            public String trainDeployment(String shards, String teacherModel, String outDir) {
                try {
                    Files.writeString(Path.of(args[2]), "training");
                    Thread.sleep(Duration.ofMinutes(5).toMillis());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return super.trainDeployment(shards, teacherModel, outDir);
            }
        };
        new RetrainingPipeline(settings, new PipelineStore(args[0], new Configuration()), jobs, Clock.systemUTC()).run();
        System.out.println(Map.of("finished", true));
    }
}
