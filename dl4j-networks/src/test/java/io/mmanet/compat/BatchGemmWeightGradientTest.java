package io.mmanet.compat;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link BatchGemmWeightGradient} against libnd4j's {@code conv2d_bp} in DOUBLE: the tiny maps and
 * the stems it serves (stride 2, DL4J's Same padding: nothing on top and left for an even map) and a
 * few shapes it could, written into a view of a larger array as a layer's gradient view is.
 */
class BatchGemmWeightGradientTest {

    static {
        FastCpuPath.install();
    }

    @ParameterizedTest(name = "n={0} iC={1} oC={2} map {3}x{4} kernel {5}x{6} stride {7}")
    @CsvSource({
            "8, 64, 64, 2, 2, 3, 3, 1",
            "5, 16, 24, 1, 1, 3, 3, 1",
            "4, 8, 12, 2, 3, 3, 3, 1",
            "3, 6, 5, 4, 4, 5, 5, 1",
            "2, 7, 3, 3, 3, 1, 1, 1",
            "3, 1, 16, 24, 24, 3, 3, 2",
            "2, 3, 8, 13, 10, 3, 3, 2",
            "70, 2, 4, 2, 2, 3, 3, 1",
    })
    void matchesTheDoubleReference(int n, int ic, int oc, int h, int w, int kh, int kw, int stride) {
        Nd4j.getRandom().setSeed(5);
        int oh = (h + stride - 1) / stride; // Same mode
        int ow = (w + stride - 1) / stride;
        int[] pad = ConvolutionUtils.getSameModeTopLeftPadding(new int[] {oh, ow}, new int[] {h, w}, new int[] {kh, kw},
                new int[] {stride, stride}, new int[] {1, 1});
        INDArray x = Nd4j.randn(DataType.FLOAT, n, ic, h, w);
        INDArray delta = Nd4j.randn(DataType.FLOAT, n, oc, oh, ow);
        INDArray flat = Nd4j.create(DataType.FLOAT, 7 + (long) oc * ic * kh * kw).assign(Float.NaN);
        INDArray grad = flat.get(NDArrayIndex.interval(7, flat.length())).reshape('c', oc, ic, kh, kw);
        assertTrue(grad.isView(), "written into a view, as DL4J's gradient views are");

        BatchGemmWeightGradient.compute(x, delta, new int[] {kh, kw}, new int[] {stride, stride}, pad, grad,
                LayerWorkspaceMgr.noWorkspaces());

        INDArray ref = reference(x, delta, oc, kh, kw, stride);
        double err = grad.castTo(DataType.DOUBLE).sub(ref).amaxNumber().doubleValue() / ref.amaxNumber().doubleValue();
        assertTrue(err < 1e-6, "relative error " + err);
        assertTrue(flat.getFloat(6) != flat.getFloat(6), "nothing written before the view");
    }

    @ParameterizedTest(name = "{0} threads")
    @CsvSource({"1", "3"})
    void sameBitsForAnyThreadCountOfTheInputWindows(int threads) {
        // The windows are gathered in ranges of samples; the product is one BLAS call either way.
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.randn(DataType.FLOAT, 64, 128, 2, 2);
        INDArray delta = Nd4j.randn(DataType.FLOAT, 64, 128, 2, 2);
        INDArray one = Nd4j.create(DataType.FLOAT, 128, 128, 3, 3);
        INDArray many = Nd4j.create(DataType.FLOAT, 128, 128, 3, 3);
        int[] k = {3, 3};
        int[] s = {1, 1};
        BatchGemmWeightGradient.compute(x, delta, k, s, s, one, LayerWorkspaceMgr.noWorkspaces(), 1);
        BatchGemmWeightGradient.compute(x, delta, k, s, s, many, LayerWorkspaceMgr.noWorkspaces(), threads);
        assertEquals(one, many);
    }

    /** libnd4j's Same mode pads as DL4J's: the extra row and column go to the bottom and right. */
    private static INDArray reference(INDArray x, INDArray delta, int oc, int kh, int kw, int stride) {
        INDArray gx = Nd4j.create(DataType.DOUBLE, x.shape());
        INDArray gw = Nd4j.create(DataType.DOUBLE, oc, x.size(1), kh, kw);
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
                .addInputs(x.castTo(DataType.DOUBLE), gw.permute(2, 3, 1, 0).dup(), delta.castTo(DataType.DOUBLE))
                .addOutputs(gx, gw.permute(2, 3, 1, 0))
                .addIntegerArguments(kh, kw, stride, stride, 0, 0, 1, 1, 1, 0).build());
        return gw;
    }
}
