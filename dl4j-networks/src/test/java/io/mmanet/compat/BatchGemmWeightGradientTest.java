package io.mmanet.compat;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link BatchGemmWeightGradient} against libnd4j's {@code conv2d_bp} in DOUBLE, for the tiny maps it
 * serves and a few it could, written into a view of a larger array as a layer's gradient view is.
 */
class BatchGemmWeightGradientTest {

    static {
        FastCpuPath.install();
    }

    @ParameterizedTest(name = "n={0} iC={1} oC={2} map {3}x{4} kernel {5}x{6}")
    @CsvSource({
            "8, 64, 64, 2, 2, 3, 3",
            "5, 16, 24, 1, 1, 3, 3",
            "4, 8, 12, 2, 3, 3, 3",
            "3, 6, 5, 4, 4, 5, 5",
            "2, 7, 3, 3, 3, 1, 1",
    })
    void matchesTheDoubleReference(int n, int ic, int oc, int h, int w, int kh, int kw) {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, ic, h, w);
        INDArray delta = Nd4j.randn(DataType.FLOAT, n, oc, h, w);
        INDArray flat = Nd4j.create(DataType.FLOAT, 7 + (long) oc * ic * kh * kw).assign(Float.NaN);
        INDArray grad = flat.get(NDArrayIndex.interval(7, flat.length())).reshape('c', oc, ic, kh, kw);
        assertTrue(grad.isView(), "written into a view, as DL4J's gradient views are");

        BatchGemmWeightGradient.compute(x, delta, kh, kw, grad, LayerWorkspaceMgr.noWorkspaces());

        INDArray ref = reference(x, delta, oc, kh, kw);
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
        BatchGemmWeightGradient.compute(x, delta, 3, 3, one, LayerWorkspaceMgr.noWorkspaces(), 1);
        BatchGemmWeightGradient.compute(x, delta, 3, 3, many, LayerWorkspaceMgr.noWorkspaces(), threads);
        assertEquals(one, many);
    }

    private static INDArray reference(INDArray x, INDArray delta, int oc, int kh, int kw) {
        INDArray gx = Nd4j.create(DataType.DOUBLE, x.shape());
        INDArray gw = Nd4j.create(DataType.DOUBLE, oc, x.size(1), kh, kw);
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
                .addInputs(x.castTo(DataType.DOUBLE), gw.permute(2, 3, 1, 0).dup(), delta.castTo(DataType.DOUBLE))
                .addOutputs(gx, gw.permute(2, 3, 1, 0))
                .addIntegerArguments(kh, kw, 1, 1, (kh - 1) / 2, (kw - 1) / 2, 1, 1, 0, 0).build());
        return gw;
    }
}
