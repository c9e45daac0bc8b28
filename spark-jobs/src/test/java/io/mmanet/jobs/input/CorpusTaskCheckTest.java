package io.mmanet.jobs.input;

import io.mmanet.config.ConfigValidationException;
import io.mmanet.networks.combination.Modality;
import io.mmanet.networks.task.Tasks;
import io.mmanet.tasks.segmentation.SegmentationTask;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configured task must read the corpus it is given: same task, same ignore label (fails naming the keys). */
class CorpusTaskCheckTest {
    private static final List<Modality> RGBD = List.of(new Modality("rgb", 3), new Modality("depth", 1));
    private static final CorpusInfo SEGMENTATION = new CorpusInfo("file:/seg", RGBD, 32, 32,
            List.of("wall", "box"), -1, 255);
    private static final CorpusInfo CLASSIFICATION = new CorpusInfo("file:/cls", RGBD, 32, 32,
            List.of("attack", "real"), 1);

    @Test
    void matchingTasksPass() {
        assertDoesNotThrow(() -> SEGMENTATION.checkTask(Tasks.get("segmentation")));
        assertDoesNotThrow(() -> CLASSIFICATION.checkTask(Tasks.classification()));
    }

    @Test
    void aTaskOtherThanTheCorpusIsNamedWithBothKeys() {
        var e = assertThrows(ConfigValidationException.class, () -> SEGMENTATION.checkTask(Tasks.classification()));
        assertTrue(e.getMessage().contains("model.task = classification") && e.getMessage().contains("corpus.task = segmentation"),
                e.getMessage());
        var f = assertThrows(ConfigValidationException.class, () -> CLASSIFICATION.checkTask(Tasks.get("segmentation")));
        assertTrue(f.getMessage().contains("model.task = segmentation"), f.getMessage());
    }

    @Test
    void ignoreLabelsMustAgree() {
        var e = assertThrows(ConfigValidationException.class,
                () -> SEGMENTATION.checkTask(new SegmentationTask(254, null, 30)));
        assertTrue(e.getMessage().contains("model.segmentation.ignore-label = 254")
                && e.getMessage().contains("corpus.ignore-label = 255"), e.getMessage());
    }
}
