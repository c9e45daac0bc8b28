package io.mmanet.tasks.segmentation;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.deeplearning4j.nn.weights.IWeightInit;

/**
 * Initialises a 3x3 depthwise convolution as the bilinear interpolation kernel, so nearest
 * upsampling followed by it starts as bilinear upsampling and then learns (ESANet's
 * "learned-bilinear" upsampling of the decoder output). Depthwise weights are [kH, kW, channels,
 * multiplier] in DL4J.
 */
public final class BilinearKernelInit implements IWeightInit {
    private static final long serialVersionUID = 1L;
    private static final double[][] KERNEL = {
            {0.0625, 0.125, 0.0625},
            {0.125, 0.25, 0.125},
            {0.0625, 0.125, 0.0625}};

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        if (shape.length != 4 || shape[0] != 3 || shape[1] != 3) {
            throw new IllegalArgumentException("BilinearKernelInit is for 3x3 depthwise weights [3, 3, C, k], got "
                    + java.util.Arrays.toString(shape));
        }
        INDArray w = paramView.reshape(order, shape);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                w.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(j),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all())
                        .assign(KERNEL[i][j]);
            }
        }
        return w;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BilinearKernelInit;
    }

    @Override
    public int hashCode() {
        return 17;
    }
}
