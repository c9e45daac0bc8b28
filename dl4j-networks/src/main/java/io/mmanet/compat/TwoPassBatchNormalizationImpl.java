package io.mmanet.compat;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.api.buffer.DataType;

import java.lang.reflect.Field;

/**
 * Runtime of {@link TwoPassBatchNormalization}: DL4J's batch-norm layer, running
 * {@link TwoPassBatchNormHelper} where DL4J picked its oneDNN helper. DL4J keeps the helper in a
 * package-private field without a setter, hence the reflection.
 */
public class TwoPassBatchNormalizationImpl extends BatchNormalization {
    private static final long serialVersionUID = 1L;

    public TwoPassBatchNormalizationImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        try {
            Field f = BatchNormalization.class.getDeclaredField("helper");
            f.setAccessible(true);
            Object dl4jHelper = f.get(this);
            if (dl4jHelper != null && dl4jHelper.getClass() == MKLDNNBatchNormHelper.class) {
                f.set(this, new TwoPassBatchNormHelper(dataType));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DL4J's BatchNormalization has no field 'helper' (DL4J version?)", e);
        }
    }
}
