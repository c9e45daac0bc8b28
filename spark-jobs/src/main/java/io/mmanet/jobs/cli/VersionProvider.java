package io.mmanet.jobs.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version from the Maven-filtered {@code mmanet-version.properties}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/mmanet-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {
                "mmanet-spark " + p.getProperty("version", "unknown"),
                "DL4J/ND4J " + p.getProperty("dl4j", "?") + ", dl4j-spark " + p.getProperty("dl4j.spark", "?")
                        + ", Spark " + p.getProperty("spark", "?") + ", Java " + System.getProperty("java.version")
        };
    }
}
