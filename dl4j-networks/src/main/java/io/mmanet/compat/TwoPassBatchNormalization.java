package io.mmanet.compat;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * A DL4J {@link BatchNormalization} (same parameters, configuration and JSON fields) whose runtime
 * layer is {@link TwoPassBatchNormalizationImpl}: where DL4J runs its oneDNN batch-norm helper, it
 * runs {@link TwoPassBatchNormHelper}, which computes the training batch variance without ND4J's
 * slow generic {@code Variance} reduction.
 */
public class TwoPassBatchNormalization extends BatchNormalization {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialization. */
    public TwoPassBatchNormalization() {
        super();
    }

    /**
     * This layer with the configuration of {@code built}: DL4J's constructor from its builder is
     * private, so every field of the DL4J configuration classes is copied.
     */
    public static TwoPassBatchNormalization of(BatchNormalization built) {
        return LayerConfigurationCopy.copy(built, new TwoPassBatchNormalization(), BatchNormalization.class);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners,
                                                       int layerIndex, INDArray layerParamsView,
                                                       boolean initializeParams, DataType networkDataType) {
        // As BatchNormalization.instantiate, with the runtime class replaced.
        LayerValidation.assertNOutSet("BatchNormalization", getLayerName(), layerIndex, getNOut());
        TwoPassBatchNormalizationImpl layer = new TwoPassBatchNormalizationImpl(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        ParamInitializer init = initializer();
        Map<String, INDArray> params = init.init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }
}
