package io.mmanet.jobs.cli;

import com.typesafe.config.Config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Configuration of the commands that default to the demo's small settings (demo, bench train):
 * conf/demo.conf (packaged in the jar as /demo.conf) unless --conf names another file; --set wins.
 */
final class DemoConfig {
    static final String RESOURCE = "/demo.conf";

    private DemoConfig() {
    }

    /**
     * The packaged demo settings of a task: conf/demo.conf for classification (the default),
     * conf/&lt;task&gt;-demo.conf otherwise (segmentation: conf/segmentation-demo.conf).
     */
    static String resource(String task) {
        return task == null || task.equals(io.mmanet.networks.task.Tasks.classification().name()) ? RESOURCE
                : "/" + io.mmanet.networks.task.Tasks.get(task).name() + "-demo.conf";
    }

    static Config load(CommonOptions common) throws IOException {
        return load(common, RESOURCE);
    }

    /** The demo settings of {@code task} ({@link #resource}); --conf still wins. */
    static Config load(CommonOptions common, String resource) throws IOException {
        if (common.conf != null) {
            return common.load();
        }
        Path tmp = Files.createTempFile("mmanet-demo", ".conf");
        try (InputStream in = DemoConfig.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " is missing from the jar");
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            common.conf = tmp;
            return common.load();
        } finally {
            common.conf = null;
            Files.deleteIfExists(tmp);
        }
    }
}
