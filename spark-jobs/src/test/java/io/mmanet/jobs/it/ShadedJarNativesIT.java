package io.mmanet.jobs.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar carries one ND4J CPU native build, the oneDNN one: nd4j-native (and each of its
 * classifier jars) depends on the plain linux-x86_64 natives too, which would ship 320 MB of a
 * library that is never loaded next to the one that is.
 */
class ShadedJarNativesIT {

    @Test
    void onlyTheOneDnnNativeBuildIsShipped() throws Exception {
        Path jar = Path.of(System.getProperty("mmanet.shadedJar"));
        assertTrue(Files.exists(jar), jar.toString());
        try (ZipFile z = new ZipFile(jar.toFile())) {
            List<String> natives = z.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith("/libnd4jcpu.so")).toList();
            assertEquals(1, natives.size(), natives.toString());
            assertTrue(natives.get(0).contains("-onednn/"), natives.toString());
        }
    }
}
