package io.mmanet.compat;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.spark.SparkSessions;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.junit.jupiter.api.Test;
import org.nd4j.kryo.Nd4jSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scala.reflect.ClassTag$;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BulkNdArraySerializerTest {

    /** A Kryo output that counts the writes of at most 8 bytes made through its stream interface. */
    private static final class CountingOutput extends Output {
        long elementWrites;

        CountingOutput(ByteArrayOutputStream sink) {
            super(sink, 4096);
        }

        @Override
        public void write(int b) {
            elementWrites++;
            super.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (length <= 8) {
                elementWrites++;
            }
            super.write(bytes, offset, length);
        }
    }

    private static long elementWrites(Serializer<INDArray> serializer, INDArray array) {
        CountingOutput out = new CountingOutput(new ByteArrayOutputStream());
        serializer.write(new Kryo(), out, array);
        out.flush();
        return out.elementWrites;
    }

    @Test
    void upstreamSerializerWritesEveryElementByteByByteAndOursDoesNot() {
        INDArray params = Nd4j.rand(DataType.FLOAT, 10_000);
        // Upstream: Nd4j.write through an unbuffered DataOutputStream, one stream write per element.
        assertTrue(elementWrites(new Nd4jSerializer(), params) >= 10_000);
        assertEquals(0, elementWrites(new BulkNdArraySerializer(), params));
    }

    private static INDArray roundTrip(INDArray array) {
        Kryo kryo = new Kryo();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Output out = new Output(sink);
        new BulkNdArraySerializer().write(kryo, out, array);
        out.close();
        return new BulkNdArraySerializer().read(kryo, new Input(sink.toByteArray()), INDArray.class);
    }

    private static void assertSame(INDArray expected, INDArray actual) {
        assertEquals(expected.dataType(), actual.dataType());
        assertArrayEquals(expected.shape(), actual.shape());
        assertEquals(expected, actual);
    }

    @Test
    void everyNumericTypeAndRankRoundTripsBitForBit() {
        INDArray floats = Nd4j.rand(DataType.FLOAT, 3, 4, 5, 6);
        INDArray roundTripped = roundTrip(floats);
        assertSame(floats, roundTripped);
        assertArrayEquals(floats.data().asFloat(), roundTripped.data().asFloat());
        for (INDArray a : List.of(Nd4j.rand(DataType.DOUBLE, 7, 3), Nd4j.createFromArray(1, -2, 3, Integer.MAX_VALUE),
                Nd4j.createFromArray(1L, Long.MIN_VALUE), Nd4j.createFromArray(true, false, true),
                Nd4j.rand(DataType.HALF, 5), Nd4j.scalar(2.5f), Nd4j.createFromArray(new byte[] {1, -1, 127}))) {
            assertSame(a, roundTrip(a));
        }
    }

    @Test
    void viewsAndFortranOrderArriveAsTheirElementsInCOrder() {
        INDArray base = Nd4j.rand(DataType.FLOAT, 6, 8);
        INDArray column = base.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5));
        INDArray transposed = base.transpose();
        INDArray fOrder = base.dup('f');
        INDArray row = base.getRow(3); // a view with an offset into the buffer
        for (INDArray view : List.of(column, transposed, fOrder, row)) {
            INDArray back = roundTrip(view);
            assertSame(view, back);
            assertEquals('c', back.ordering());
        }
    }

    @Test
    void arraysTooLargeForOneChunkAndEmptyArraysRoundTrip() {
        INDArray big = Nd4j.rand(DataType.FLOAT, 100_003); // several 64 KB chunks and a partial one
        assertSame(big, roundTrip(big));
        for (INDArray empty : List.of(Nd4j.empty(DataType.FLOAT), Nd4j.create(DataType.INT, 0, 3))) {
            INDArray back = roundTrip(empty);
            assertTrue(back.isEmpty());
            assertEquals(empty.dataType(), back.dataType());
            assertArrayEquals(empty.shape(), back.shape());
        }
    }

    @Test
    void theRegistratorShipsTrainingResultsWithTheBulkSerializerAtFourBytesAFloat() {
        SerializerInstance ser = new KryoSerializer(SparkSessions.sparkConf(
                MmanetConfig.load(null, List.of("spark.master=\"local[1]\"")))).newInstance();
        INDArray params = Nd4j.rand(DataType.FLOAT, 1, 50_000);
        INDArray state = Nd4j.rand(DataType.FLOAT, 1, 50_000);
        ParameterAveragingTrainingResult result = new ParameterAveragingTrainingResult(params, state, 0.25, null, null, null);
        ByteBuffer bytes = ser.serialize(result, ClassTag$.MODULE$.apply(ParameterAveragingTrainingResult.class));
        // 2 x 200,000 bytes of elements plus headers and the other fields.
        assertTrue(bytes.remaining() < 2 * 200_000 + 1_000, "serialised size " + bytes.remaining());
        ParameterAveragingTrainingResult back = ser.deserialize(bytes,
                ClassTag$.MODULE$.apply(ParameterAveragingTrainingResult.class));
        assertSame(params, back.getParameters());
        assertSame(state, back.getUpdaterState());
        assertEquals(0.25, back.getScore());
    }
}
