package io.mmanet.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmanet.networks.metrics.ConfusionMatrix;
import io.mmanet.networks.metrics.ModelMetrics;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationReportTest {

    private static ModelMetrics model(String name, int errorsPerCombination) {
        Map<String, ConfusionMatrix> m = new LinkedHashMap<>();
        for (String c : List.of("rgb", "ir", "rgb+ir")) {
            ConfusionMatrix cm = new ConfusionMatrix(2);
            for (int i = 0; i < 10; i++) {
                cm.add(1, i < errorsPerCombination ? 0 : 1);
                cm.add(0, 0);
            }
            m.put(c, cm);
        }
        return ModelMetrics.fromConfusion(name, m, 1);
    }

    @Test
    void jsonHasPerCombinationMetricsAndTheMeanForEveryModel() throws Exception {
        EvaluationReport r = new EvaluationReport(List.of(model("sf-md", 4), model("mmanet", 2)),
                List.of("attack", "real"), 1, "file:/data");
        JsonNode root = new ObjectMapper().readTree(r.json());
        assertEquals(2, root.get("models").size());
        JsonNode sfmd = root.get("models").get(0);
        assertEquals("sf-md", sfmd.get("model").asText());
        assertEquals(3, sfmd.get("combinations").size());
        JsonNode rgb = sfmd.get("combinations").get(0);
        assertEquals(20, rgb.get("n").asLong());
        assertEquals(0.0, rgb.get("apcer").asDouble(), 1e-12);
        assertEquals(0.4, rgb.get("bpcer").asDouble(), 1e-12);
        assertEquals(0.2, rgb.get("acer").asDouble(), 1e-12);
        assertEquals(0.2, sfmd.get("mean").get("acer").asDouble(), 1e-12);
        assertEquals(0.1, root.get("models").get(1).get("mean").get("error").asDouble(), 1e-12);
    }

    @Test
    void markdownAndHtmlShowEveryCombinationAndOneSeriesPerModel() {
        EvaluationReport r = new EvaluationReport(List.of(model("sf-md", 4), model("mmanet", 2)),
                List.of("attack", "real"), 1, "file:/data");
        String md = r.markdown();
        assertTrue(md.contains("| rgb+ir | 20 | 20.00% | 10.00% |"), md);
        assertTrue(md.contains("| **mean** | | **20.00%** | **10.00%** |"), md);
        String html = r.html();
        // 3 combinations + mean, 2 models: 8 bars, plus 2 legend swatches.
        assertEquals(10, html.split("<rect ").length - 1);
        assertTrue(html.contains("<title>mmanet rgb+ir: 10.00%</title>"));
    }

    /**
     * Segmentation: the task's metrics of a hand-computed per-pixel confusion matrix reach
     * metrics.json (per combination and mean) and report.md. 3 classes, class 2 absent:
     * rows (true) x columns (predicted) = [[3, 1, 0], [1, 5, 0], [0, 0, 0]];
     * IoU_0 = 3 / (4 + 4 - 3) = 0.6, IoU_1 = 5 / (6 + 6 - 5) = 5/7, IoU_2 = 0 (union 0, counted in the mean);
     * mIoU = (0.6 + 5/7) / 3, pixel accuracy = 8 / 10.
     */
    @Test
    void segmentationReportsMeanIouPixelAccuracyAndPerClassIouFromTheTask() throws Exception {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        int[][] counts = {{3, 1, 0}, {1, 5, 0}, {0, 0, 0}};
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                for (int k = 0; k < counts[t][p]; k++) {
                    cm.add(t, p);
                }
            }
        }
        io.mmanet.networks.task.Task task = io.mmanet.networks.task.Tasks.get("segmentation");
        Map<String, ConfusionMatrix> byCombo = new LinkedHashMap<>();
        byCombo.put("rgb", cm);
        byCombo.put("rgb+depth", cm);
        List<io.mmanet.networks.metrics.TaskMetrics> rows = List.of(task.metrics("rgb", cm), task.metrics("rgb+depth", cm));
        EvaluationReport r = new EvaluationReport(List.of(ModelMetrics.fromConfusion("mmanet", byCombo, -1)),
                List.of("wall", "box", "ball"), -1, "file:/data", task, Map.of("mmanet", rows));
        double miou = (0.6 + 5.0 / 7) / 3;
        JsonNode model = new ObjectMapper().readTree(r.json()).get("models").get(0);
        JsonNode rgb = model.get("combinations").get(0);
        assertEquals(10, rgb.get("n").asLong(), "one count per labelled pixel");
        assertEquals(miou, rgb.get("miou").asDouble(), 1e-12);
        assertEquals(0.8, rgb.get("pixel_accuracy").asDouble(), 1e-12);
        assertEquals(0.6, rgb.get("iou_per_class").get("wall").asDouble(), 1e-12);
        assertEquals(5.0 / 7, rgb.get("iou_per_class").get("box").asDouble(), 1e-12);
        assertEquals(0.0, rgb.get("iou_per_class").get("ball").asDouble(), 1e-12);
        assertEquals(miou, model.get("mean").get("miou").asDouble(), 1e-12);
        String md = r.markdown();
        assertTrue(md.contains("| combination | miou | pixel_accuracy | iou wall | iou box | iou ball |"), md);
        assertTrue(md.contains("| rgb+depth | 43.81% | 80.00% | 60.00% | 71.43% | 0.00% |"), md);
        assertTrue(md.contains("| **mean** | **43.81%** | **80.00%** |"), md);
        assertEquals("miou", r.headline().key());
        assertTrue(r.headline().higherIsBetter());
        assertEquals(r.taskTable(), r.headlineTable());
        assertTrue(r.taskTable().contains("| combination | mmanet mIoU |"), r.taskTable());
        assertTrue(r.taskTable().contains("| rgb+depth | 43.81% |"), r.taskTable());
        assertTrue(r.taskTable().contains("| **mean** | **43.81%** |"), r.taskTable());
        assertEquals(miou, r.headlineMean(r.models().get(0)), 1e-12);
        // The confusion matrix counts pixels: its accuracy and error say so.
        assertEquals("error (1 - pixel accuracy)", r.errorName());
        assertTrue(md.contains("| combination | n | pixel accuracy | macro-F1 |"), md);
        assertTrue(md.contains("mIoU per combination (higher is better):"), md);
        assertEquals("1-pixel_accuracy", new ObjectMapper().readTree(r.json()).get("error_metric").asText());
        // report.html: the mIoU chart and the task-metrics table (mIoU, pixel accuracy, IoU per class).
        String html = r.html();
        assertTrue(html.contains("<h2>mIoU per combination (higher is better)</h2>"), html);
        assertTrue(html.contains("aria-label=\"mIoU per combination\""), html);
        assertTrue(html.contains("<title>mmanet rgb+depth: 43.81%</title>"), html);
        assertTrue(html.contains("<h3>Task metrics of mmanet</h3>"), html);
        assertTrue(html.contains("<th>combination</th><th>miou</th><th>pixel_accuracy</th><th>iou wall</th>"), html);
        assertTrue(html.contains("<tr><td>rgb+depth</td><td>43.81%</td><td>80.00%</td><td>60.00%</td><td>71.43%</td>"
                + "<td>0.00%</td></tr>"), html);
        assertTrue(html.contains("<h2>error (1 - pixel accuracy) per combination</h2>"), html);
        assertTrue(!html.contains("<img"), "no masks unless given");
        MaskGallery g = new MaskGallery(List.of("ground truth"), List.of(new MaskGallery.Sample("s", List.of("masks/t.png"))),
                List.of("wall", "box", "ball"), "ignored");
        EvaluationReport withMasks = r.withMasks(g);
        assertTrue(withMasks.html().contains("<img src=\"masks/t.png\""), withMasks.html());
        assertTrue(withMasks.markdown().contains("![ground truth](masks/t.png)"), withMasks.markdown());
    }

    @Test
    void classificationHasNoTaskMetrics() throws Exception {
        ConfusionMatrix cm = new ConfusionMatrix(2);
        cm.add(0, 0);
        assertTrue(io.mmanet.networks.task.Tasks.classification().metrics("rgb", cm).isEmpty());
        EvaluationReport r = new EvaluationReport(List.of(model("sf-md", 4)), List.of("attack", "real"), 1, "file:/data");
        JsonNode mean = new ObjectMapper().readTree(r.json()).get("models").get(0).get("mean");
        assertTrue(mean.get("miou") == null, mean.toString());
        assertEquals("", r.taskTable());
        assertEquals(r.table(), r.headlineTable());
        assertEquals("error (1 - accuracy)", new EvaluationReport(List.of(model("sf-md", 4)), List.of("a", "b", "c"), -1,
                "file:/data").errorName());
        assertTrue(r.headline().isError() && !r.headline().higherIsBetter());
        assertTrue(!r.html().contains("<h2>") && !r.html().contains("<img"), "classification report as before");
    }
}
