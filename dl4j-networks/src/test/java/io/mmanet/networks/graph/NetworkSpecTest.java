package io.mmanet.networks.graph;

import com.typesafe.config.Config;
import io.mmanet.config.ConfigValidationException;
import io.mmanet.config.MmanetConfig;
import io.mmanet.networks.combination.Modalities;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class NetworkSpecTest {

    @Test
    void referenceIsPaperScale() {
        NetworkSpec spec = NetworkSpec.fromConfig(MmanetConfig.load(null, List.of()));
        assertEquals(Modalities.rgbDepthIr(), spec.modalities());
        assertEquals(112, spec.inputHeight());
        assertEquals(512, spec.stageWidth(4));
        assertEquals(2, spec.blocks(3));
        assertEquals(384, spec.fusedChannels(), "3 encoders of 128 channels");
        assertEquals(4, spec.finalHeight(), "112 -> 56 -> 28 -> 28 -> 14 -> 7 -> 4 as in spec 1.1");
        assertEquals(8192, spec.featureSize(), "512 x 4 x 4, the MAD feature size of spec 2.1");
        assertEquals(DataType.FLOAT, spec.dataType());
    }

    @Test
    void smallCpuShapeIsJustAConfig() {
        Config c = MmanetConfig.load(null, List.of("model.input-height=32", "model.input-width=32",
                "model.stem-width=8", "model.stage-widths=[8,16,32,64]", "model.blocks-per-stage=[1,1,1,1]",
                "model.se-reduction=4", "model.data-type=double",
                "modalities=[{name=rgb, channels=3}, {name=depth, channels=1}]"));
        NetworkSpec spec = NetworkSpec.fromConfig(c);
        assertEquals(2, spec.modalities().size());
        assertEquals(32, spec.fusedChannels());
        assertEquals(1, spec.finalHeight());
        assertEquals(64, spec.featureSize());
        assertEquals(DataType.DOUBLE, spec.dataType());
    }

    @Test
    void badValuesNameTheirKey() {
        var e = assertThrows(ConfigValidationException.class, () -> NetworkSpec.fromConfig(
                MmanetConfig.load(null, List.of("model.stage-widths=[8,16,32]"))));
        assertTrue(e.getMessage().contains("model.stage-widths"), e.getMessage());
        e = assertThrows(ConfigValidationException.class, () -> NetworkSpec.fromConfig(
                MmanetConfig.load(null, List.of("model.data-type=half"))));
        assertTrue(e.getMessage().contains("model.data-type"), e.getMessage());
        e = assertThrows(ConfigValidationException.class, () -> NetworkSpec.fromConfig(
                MmanetConfig.load(null, List.of("modalities=[{name=rgb, channels=3}, {name=rgb, channels=1}]"))));
        assertTrue(e.getMessage().contains("modalities"), e.getMessage());
        e = assertThrows(ConfigValidationException.class, () -> NetworkSpec.fromConfig(
                MmanetConfig.load(null, List.of("modalities=[{name=rgb, channels=3}, {name=ir, chanels=1}]"))));
        assertTrue(e.getMessage().contains("modalities[1]"), e.getMessage());
    }
}
