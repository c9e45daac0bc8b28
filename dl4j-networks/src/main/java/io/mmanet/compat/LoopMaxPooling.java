package io.mmanet.compat;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * A DL4J {@link SubsamplingLayer} (same configuration and JSON fields) whose runtime layer is
 * {@link LoopMaxPoolingImpl}: max pooling in {@link LoopMaxPoolHelper}'s loops where DL4J would call
 * libnd4j's slow {@code maxpool2d} ops.
 */
public class LoopMaxPooling extends SubsamplingLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialization. */
    public LoopMaxPooling() {
        super();
    }

    /**
     * This layer with the configuration of {@code built}: DL4J's constructor from its builder is
     * protected to the builder, so every field of the DL4J configuration classes is copied.
     */
    public static LoopMaxPooling of(SubsamplingLayer built) {
        return LayerConfigurationCopy.copy(built, new LoopMaxPooling(), SubsamplingLayer.class);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners,
                                                       int layerIndex, INDArray layerParamsView,
                                                       boolean initializeParams, DataType networkDataType) {
        // As SubsamplingLayer.instantiate, with the runtime class replaced.
        LoopMaxPoolingImpl layer = new LoopMaxPoolingImpl(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        ParamInitializer init = initializer();
        layer.setParamTable(init.init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
