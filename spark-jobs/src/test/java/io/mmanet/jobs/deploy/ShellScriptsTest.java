package io.mmanet.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Shell scripts pass shellcheck; the GPU discovery script prints Spark's resource JSON. */
class ShellScriptsTest {

    static final String INSTALL = "apt-get update && apt-get install -y shellcheck";

    static List<Path> scripts() throws IOException {
        Path root = DeployTree.root();
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(root.resolve("deploy"))) {
            s.filter(p -> p.toString().endsWith(".sh")).sorted().forEach(all::add);
        }
        for (String other : List.of("mmanet", ".ci/run")) {
            if (Files.isRegularFile(root.resolve(other))) {
                all.add(root.resolve(other));
            }
        }
        return all;
    }

    @Test
    void everyShellScriptPassesShellcheck() throws IOException {
        if (!DeployTree.onPath("shellcheck")) {
            fail("shellcheck is not installed; the deploy scripts must pass it. Install it with: " + INSTALL);
        }
        List<String> cmd = new ArrayList<>(List.of("shellcheck", "--format=gcc"));
        List<Path> scripts = scripts();
        assertTrue(scripts.size() >= 3, scripts.toString());
        scripts.forEach(p -> cmd.add(DeployTree.root().relativize(p).toString()));
        DeployTree.Result r = DeployTree.run(cmd, Map.of(), 120);
        assertEquals(0, r.exit(), "shellcheck found problems:\n" + r.out() + r.err());
    }

    @Test
    void gpuDiscoveryPrintsSparkResourceJsonFromNvidiaSmiIndices(@TempDir Path bin) throws IOException {
        // No GPU here: a stand-in nvidia-smi prints what the real one prints for two GPUs
        // (`nvidia-smi --query-gpu=index --format=csv,noheader`), and refuses other arguments.
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\n[ \"$1 $2\" = \"--query-gpu=index --format=csv,noheader\" ] || exit 9\n"
                + "printf '0\\n1\\n'\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        DeployTree.Result r = DeployTree.run(List.of("bash", "deploy/gpu-discovery.sh"),
                Map.of("PATH", bin + ":" + System.getenv("PATH")), 30);
        assertEquals(0, r.exit(), r.both());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("gpu", json.path("name").asText());
        assertEquals(List.of("0", "1"), List.of(json.path("addresses").get(0).asText(), json.path("addresses").get(1).asText()));
        assertEquals(2, json.path("addresses").size());
    }

    @Test
    void gpuDiscoveryFailsClearlyWithoutNvidiaSmi(@TempDir Path empty) {
        DeployTree.Result r = DeployTree.run(List.of("bash", "deploy/gpu-discovery.sh"),
                Map.of("NVIDIA_SMI", empty.resolve("nvidia-smi").toString()), 30);
        assertEquals(1, r.exit(), r.both());
        assertTrue(r.err().contains("not found"), r.both());
    }
}
