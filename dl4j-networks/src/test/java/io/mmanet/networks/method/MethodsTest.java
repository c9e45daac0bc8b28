package io.mmanet.networks.method;

import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.combination.ModalityCombination;
import io.mmanet.networks.task.Tasks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The method registry: names, the error for an unknown one, and what each entry declares. */
class MethodsTest {

    @Test
    void registryListsTheMethodsInOrder() {
        assertEquals(List.of("sf", "sf-md", "sp", "mad", "sr", "mmanet", "metakd", "dmrnet", "modality-teachers"),
                Methods.names());
        assertSame(Methods.get("mmanet"), Methods.get(" MMANet "), "names are case-insensitive");
        assertTrue(Methods.teacherMethod().trainsOneCombination(), "a teacher is one network on its combination");
    }

    @Test
    void anUnknownNameNamesTheRegisteredOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Methods.get("no-such-method"));
        assertTrue(e.getMessage().contains("no-such-method"), e.getMessage());
        for (String name : Methods.names()) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void everyMethodDeclaresRegisteredTasksAndASummary() {
        for (Method m : Methods.all()) {
            assertFalse(m.summary().isBlank(), m.name());
            assertFalse(m.tasks().isEmpty(), m.name());
            for (String task : m.tasks()) {
                assertEquals(task, Tasks.get(task).name(), m.name());
            }
        }
    }

    @Test
    void teachersAreCombinationsOfTheModalities() {
        Modalities mods = Modalities.rgbDepthIr();
        assertEquals(List.of(), TeacherNeed.NONE.combinations(mods));
        assertEquals(List.of(ModalityCombination.full(mods)), TeacherNeed.FULL_MODALITY.combinations(mods));
        assertEquals(List.of("rgb", "depth", "ir"),
                TeacherNeed.PER_MODALITY.combinations(mods).stream().map(Object::toString).toList());
        assertEquals(TeacherNeed.FULL_MODALITY, Methods.get("mmanet").teachers());
        assertEquals(TeacherNeed.NONE, Methods.get("sf-md").teachers());
    }

    @Test
    void rowsTrainOnlyWithWhatTheyHave() {
        Modalities mods = Modalities.rgbDepthIr();
        ModalityCombination rgbIr = ModalityCombination.parse("rgb+ir", mods);
        ModalityCombination full = ModalityCombination.full(mods);
        Method sf = Methods.get("sf");
        assertTrue(sf.canTrain(full, rgbIr));
        assertTrue(sf.canTrain(rgbIr, rgbIr));
        assertFalse(sf.canTrain(ModalityCombination.parse("ir", mods), rgbIr), "SF [rgb+ir] needs rgb and ir");
        assertFalse(sf.canTrain(rgbIr, full), "the full-modality teacher trains on complete rows only");
        java.util.Random r = new java.util.Random(1);
        for (Method m : Methods.all()) {
            if (m.trainsOneCombination()) {
                continue;
            }
            assertTrue(m.canTrain(full, full), m.name() + " trains on complete rows");
            // Dropout methods train on every row; modality-teachers' student on complete rows only
            // (its per-modality teachers take the incomplete ones).
            assertEquals(m.teachers() != TeacherNeed.PER_MODALITY,
                    m.canTrain(ModalityCombination.parse("depth", mods), full), m.name());
            for (int i = 0; i < 50 && m.canTrain(rgbIr, full); i++) {
                assertTrue(m.draw(rgbIr, full, r).isSubsetOf(rgbIr), m.name() + " drew outside what the row has");
            }
        }
    }
}
