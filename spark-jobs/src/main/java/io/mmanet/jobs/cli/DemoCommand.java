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
                + "Settings: conf/demo.conf (packaged in the jar) unless --conf is given; --set overrides either.")
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--workdir", paramLabel = "DIR",
            description = "Where everything goes (corpus/, data/, runs/, report/); the corpus and the shards are reused "
                    + "when present. Default: demo-work/ in the mmanet checkout (./demo-work when run from elsewhere).")
    Path workdir;

    @Override
    public Integer call() throws Exception {
        Config cfg = DemoConfig.load(common);
        Path dir = workdir != null ? workdir : defaultWorkdir();
        DemoJob.run(SparkSessions.getOrCreate(cfg), cfg, dir, System.out);
        return 0;
    }

    static Path defaultWorkdir() {
        String root = System.getProperty("mmanet.root");
        return root != null ? Path.of(root, "demo-work") : Path.of("demo-work");
    }
}
