package io.mmanet.jobs.spark;

import io.mmanet.config.MmanetConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import scala.reflect.ClassTag$;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MmanetKryoRegistratorTest {

    private static SerializerInstance kryo() {
        SparkConf conf = SparkSessions.sparkConf(MmanetConfig.load(null, List.of("spark.master=\"local[1]\"")));
        assertEquals("true", conf.get("spark.kryo.registrationRequired"));
        return new KryoSerializer(conf).newInstance();
    }

    @Test
    void multiDataSetWithArraysAndMasksRoundTripsWithRegistrationRequired() {
        INDArray rgb = Nd4j.rand(DataType.FLOAT, 4, 3, 8, 8);
        INDArray depth = Nd4j.rand(DataType.FLOAT, 4, 1, 8, 8);
        INDArray mask = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 1}, {1, 0}});
        INDArray labels = Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}});
        INDArray labelMask = Nd4j.createFromArray(new float[][] {{1, 1}, {0, 0}, {1, 1}, {0, 0}});
        MultiDataSet mds = new MultiDataSet(new INDArray[] {rgb, depth, mask}, new INDArray[] {labels},
                null, new INDArray[] {labelMask});

        SerializerInstance ser = kryo();
        ByteBuffer bytes = ser.serialize(mds, ClassTag$.MODULE$.apply(MultiDataSet.class));
        MultiDataSet back = ser.deserialize(bytes, ClassTag$.MODULE$.apply(MultiDataSet.class));

        assertEquals(rgb, back.getFeatures(0));
        assertEquals(depth, back.getFeatures(1));
        assertEquals(mask, back.getFeatures(2));
        assertEquals(labels, back.getLabels(0));
        assertEquals(labelMask, back.getLabelsMaskArray(0));
        assertNull(back.getFeaturesMaskArrays());
    }

    @Test
    void anUnregisteredClassIsRefused() {
        SerializerInstance ser = kryo();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ser.serialize(new NotRegistered(), ClassTag$.MODULE$.apply(NotRegistered.class)));
        assertTrue(e.getMessage().contains("not registered"), e.getMessage());
    }

    static final class NotRegistered {
        int x = 1;
    }
}
