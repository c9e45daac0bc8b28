package io.mmanet.networks.metrics;

/**
 * Segmentation metrics of one combination from a per-pixel confusion matrix (spec 4.3, the
 * official {@code confusion_matrix.py}): IoU_c = TP / (GT_c + Pred_c - TP); a class with union 0
 * (neither in the labels nor predicted) has IoU 0 and still counts in the mean, so
 * mIoU = (1/C) sum_c IoU_c over all C classes. Pixel accuracy = correct / counted pixels (ignored
 * pixels are never counted). Counts are longs: 480x640 pixels x 10^4 images fit easily.
 *
 * @param perClassIou IoU per class (0 for a class with union 0, as in the mean)
 */
public record SegmentationMetrics(String combination, long pixels, double meanIou, double pixelAccuracy,
                                  double[] perClassIou) {

    public static SegmentationMetrics of(String combination, ConfusionMatrix cm) {
        long total = cm.total();
        return new SegmentationMetrics(combination, total, meanIou(cm),
                total == 0 ? Double.NaN : (double) cm.correct() / total, perClassIou(cm));
    }

    /** IoU of every class; 0 where the union is 0 (the official NaN-to-0). */
    public static double[] perClassIou(ConfusionMatrix cm) {
        double[] iou = new double[cm.numClasses()];
        for (int c = 0; c < iou.length; c++) {
            long tp = cm.count(c, c);
            long union = cm.actual(c) + cm.predicted(c) - tp;
            iou[c] = union == 0 ? 0.0 : (double) tp / union;
        }
        return iou;
    }

    /** Mean of {@link #perClassIou} over all classes (absent classes count as 0). */
    public static double meanIou(ConfusionMatrix cm) {
        double sum = 0;
        for (double v : perClassIou(cm)) {
            sum += v;
        }
        return sum / cm.numClasses();
    }
}
