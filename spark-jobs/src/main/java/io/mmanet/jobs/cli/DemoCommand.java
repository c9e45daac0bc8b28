package io.mmanet.jobs.cli;

import com.typesafe.config.Config;
import io.mmanet.jobs.demo.DemoJob;
import io.mmanet.jobs.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The main job on the embedded default: generate, prep, train teacher, SF-MD and MMANet, evaluate, report. "
                + "Settings: conf/demo.conf (--task segmentation: conf/segmentation-demo.conf; packaged in the jar) unless --conf is given; --set overrides either.")
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--workdir", paramLabel = "DIR",
            description = "Where everything goes (corpus/, data/, runs/, report/); the corpus and the shards are reused "
                    + "when present. Default: demo-work/ (--task segmentation: segmentation-demo-work/) in the mmanet checkout (./demo-work when run from elsewhere).")
    Path workdir;

    @Option(names = "--task", paramLabel = "TASK",
            description = "The demo's task: classification (default, conf/demo.conf) or segmentation "
                    + "(conf/segmentation-demo.conf: RGB-D scenes, mIoU per combination).")
    String task;

    @Override
    public Integer call() throws Exception {
        String resource;
        try {
            resource = DemoConfig.resource(task);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException("--task " + task + ": " + e.getMessage(), 2);
        }
        Config cfg = DemoConfig.load(common, resource);
        Path dir = workdir != null ? workdir : defaultWorkdir(task);
        DemoJob.run(SparkSessions.getOrCreate(cfg), cfg, dir, System.out);
        return 0;
    }

    static Path defaultWorkdir() {
        return defaultWorkdir(null);
    }

    /** demo-work/, or &lt;task&gt;-demo-work/ for another task (its corpus must not be reused for the other). */
    static Path defaultWorkdir(String task) {
        String name = DemoConfig.resource(task).equals(DemoConfig.RESOURCE) ? "demo-work" : task + "-demo-work";
        String root = System.getProperty("mmanet.root");
        return root != null ? Path.of(root, name) : Path.of(name);
    }
}
