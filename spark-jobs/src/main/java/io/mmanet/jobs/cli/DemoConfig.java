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

    static Config load(CommonOptions common) throws IOException {
        if (common.conf != null) {
            return common.load();
        }
        Path tmp = Files.createTempFile("mmanet-demo", ".conf");
        try (InputStream in = DemoConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCE + " is missing from the jar");
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
