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
}
