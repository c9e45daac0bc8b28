package io.mmanet.compat;

import io.mmanet.networks.graph.GraphNames;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.testing.TinyNetworks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Why the frozen teacher is not made with {@code TransferLearning.GraphBuilder.setFeatureExtractor}:
 * its builder drops the network data type (a DOUBLE teacher becomes a FLOAT graph, FEASIBILITY.md
 * 3(a)). {@code TrainingGraphs} wraps the teacher's layers in {@code FrozenLayer} and its other
 * vertices in {@code FrozenVertex} itself, which is what setFeatureExtractor does, in the spec's data type.
 */
class TransferLearningBugsTest {

    @Test
    void featureExtractorBuilderDropsTheDataType() {
        NetworkSpec spec = TinyNetworks.tiny(DataType.DOUBLE);
        ComputationGraph teacher = TrainingGraphs.teacher(spec);
        assertEquals(DataType.DOUBLE, teacher.params().dataType());
        ComputationGraph frozen = new TransferLearning.GraphBuilder(teacher).setFeatureExtractor(GraphNames.LOGITS).build();
        assertNotEquals(DataType.DOUBLE, frozen.getConfiguration().getDataType(),
                "upstream bug no longer reproduces: TransferLearning kept the DOUBLE data type");

        ComputationGraph mmanet = TrainingGraphs.forMethod(spec, MethodSettings.paperDefaults(Methods.get("mmanet")), teacher);
        assertEquals(DataType.DOUBLE, mmanet.getConfiguration().getDataType());
        assertEquals(DataType.DOUBLE, mmanet.params().dataType());
        assertInstanceOf(FrozenLayer.class, mmanet.getLayer(GraphNames.TEACHER_PREFIX + GraphNames.LOGITS));
    }
}
