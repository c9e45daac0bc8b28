package io.mmanet.networks.data;

import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.graph.NetworkSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;

/**
 * Inputs of the deployment-only graph (evaluation, MAR mining, serving): the images in modality
 * order, zeros where a sample lacks a modality, and one combination's mask for every sample.
 * Method-independent; {@link BatchAssembler} extends it with a method's training inputs.
 */
public class DeploymentInputs implements Serializable {
    private static final long serialVersionUID = 1L;

    protected final NetworkSpec spec;

    public DeploymentInputs(NetworkSpec spec) {
        this.spec = spec;
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** What a sample has: the modalities whose image is not null. */
    public ModalityCombination available(float[][] samplePixels) {
        int bits = 0;
        for (int m = 0; m < spec.modalities().size(); m++) {
            if (samplePixels[m] != null) {
                bits |= 1 << m;
            }
        }
        if (bits == 0) {
            throw new IllegalArgumentException("sample has no modality at all");
        }
        return ModalityCombination.ofBits(bits, spec.modalities());
    }

    /**
     * Inputs of the deployment-only graph for one combination: every sample uses
     * {@code combination}'s mask; missing images are fed as zeros.
     */
    public INDArray[] inferenceInputs(float[][][] pixels, ModalityCombination combination) {
        int n = pixels.length;
        int numMod = spec.modalities().size();
        INDArray[] in = new INDArray[numMod + 1];
        for (int m = 0; m < numMod; m++) {
            in[m] = images(pixels, m);
        }
        float[] mask = new float[n * numMod];
        float[] one = combination.mask();
        for (int i = 0; i < n; i++) {
            System.arraycopy(one, 0, mask, i * numMod, numMod);
        }
        in[numMod] = cast(Nd4j.create(mask, new long[] {n, numMod}, 'c'));
        return in;
    }

    /** [N, channels, H, W] images of modality {@code m}; zeros for samples that lack it. */
    protected INDArray images(float[][][] pixels, int m) {
        int n = pixels.length;
        int ch = spec.modalities().get(m).channels();
        int h = spec.inputHeight();
        int w = spec.inputWidth();
        int size = ch * h * w;
        float[] buf = new float[n * size];
        for (int i = 0; i < n; i++) {
            float[] img = pixels[i][m];
            if (img == null) {
                continue;
            }
            if (img.length != size) {
                throw new IllegalArgumentException("sample " + i + ", modality " + spec.modalities().get(m).name()
                        + ": " + img.length + " values, expected " + ch + "x" + h + "x" + w + " = " + size);
            }
            System.arraycopy(img, 0, buf, i * size, size);
        }
        return cast(Nd4j.create(buf, new long[] {n, ch, h, w}, 'c'));
    }

    private INDArray cast(INDArray a) {
        return spec.dataType() == DataType.FLOAT ? a : a.castTo(spec.dataType());
    }
}
