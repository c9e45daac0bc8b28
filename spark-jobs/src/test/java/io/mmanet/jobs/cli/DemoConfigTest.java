package io.mmanet.jobs.cli;

import com.typesafe.config.Config;
import io.mmanet.networks.graph.NetworkSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `mmanet demo --task`: the packaged settings of each task, and a workdir of its own. */
class DemoConfigTest {

    @Test
    void segmentationLoadsItsPackagedSettings() throws Exception {
        assertEquals("/demo.conf", DemoConfig.resource(null));
        assertEquals("/demo.conf", DemoConfig.resource("classification"));
        assertEquals("/segmentation-demo.conf", DemoConfig.resource("segmentation"));
        Config cfg = DemoConfig.load(new CommonOptions(), DemoConfig.resource("segmentation"));
        assertEquals("segmentation", cfg.getString("corpus.task"));
        NetworkSpec spec = NetworkSpec.fromConfig(cfg);
        assertEquals("segmentation", spec.task().name());
        assertEquals(cfg.getInt("corpus.ignore-label"), spec.task().ignoreLabel());
        assertEquals(cfg.getStringList("corpus.label-names").size(), spec.numClasses());
    }

    @Test
    void eachTaskHasItsOwnWorkdirAndAnUnknownTaskIsNamed() {
        assertTrue(DemoCommand.defaultWorkdir("segmentation").endsWith("segmentation-demo-work"));
        assertTrue(DemoCommand.defaultWorkdir(null).endsWith("demo-work"));
        var e = assertThrows(IllegalArgumentException.class, () -> DemoConfig.resource("detection"));
        assertTrue(e.getMessage().contains("segmentation"), e.getMessage());
    }
}
