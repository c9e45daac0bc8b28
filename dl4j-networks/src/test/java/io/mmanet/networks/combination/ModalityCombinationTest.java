package io.mmanet.networks.combination;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ModalityCombinationTest {
    private final Modalities mods = Modalities.rgbDepthIr();

    @Test
    void allIsTheOfficialOrder() {
        List<String> names = ModalityCombination.all(mods).stream().map(ModalityCombination::toString).toList();
        // spec 1.2: [1,0,0], [0,1,0], [0,0,1], [1,1,0], [1,0,1], [0,1,1], [1,1,1]
        assertEquals(List.of("rgb", "depth", "ir", "rgb+depth", "rgb+ir", "depth+ir", "rgb+depth+ir"), names);
        assertEquals(ModalityCombination.full(mods), ModalityCombination.all(mods).get(6));
        Modalities two = Modalities.of(new Modality("rgb", 3), new Modality("depth", 1));
        assertEquals(3, ModalityCombination.all(two).size());
        Modalities four = Modalities.of(new Modality("a", 1), new Modality("b", 1), new Modality("c", 1), new Modality("d", 1));
        assertEquals(15, ModalityCombination.all(four).size());
    }

    @Test
    void parseAndPrint() {
        ModalityCombination c = ModalityCombination.parse("ir+rgb", mods);
        assertEquals("rgb+ir", c.toString());
        assertEquals(c, ModalityCombination.parse(c.toString(), mods));
        assertEquals(ModalityCombination.full(mods), ModalityCombination.parse("full", mods));
        assertTrue(c.contains(0));
        assertFalse(c.contains(1));
        assertTrue(c.contains(2));
        assertFalse(c.contains(7));
        assertEquals(2, c.size());
        assertArrayEquals(new float[] {1, 0, 1}, c.mask());
        assertEquals(c, ModalityCombination.fromMask(c.mask(), mods));
        var e = assertThrows(IllegalArgumentException.class, () -> ModalityCombination.parse("rgb+thermal", mods));
        assertTrue(e.getMessage().contains("thermal"));
        assertThrows(IllegalArgumentException.class, () -> ModalityCombination.parse("rgb+rgb", mods));
        assertThrows(IllegalArgumentException.class, () -> ModalityCombination.parse("", mods));
        assertThrows(IllegalArgumentException.class, () -> ModalityCombination.ofBits(0, mods));
    }

    @Test
    void subsetsAndSubsetOf() {
        ModalityCombination c = ModalityCombination.parse("rgb+ir", mods);
        assertEquals(List.of("rgb", "ir", "rgb+ir"), c.subsets().stream().map(Object::toString).toList());
        assertEquals(7, ModalityCombination.full(mods).subsets().size());
        assertTrue(ModalityCombination.parse("ir", mods).isSubsetOf(c));
        assertFalse(ModalityCombination.parse("depth", mods).isSubsetOf(c));
        assertTrue(c.isSubsetOf(ModalityCombination.full(mods)));
    }

    @Test
    void equalityAndJavaSerialization() throws Exception {
        ModalityCombination c = ModalityCombination.parse("depth+ir", mods);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        Object back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = in.readObject();
        }
        assertEquals(c, back);
        assertEquals(c.hashCode(), back.hashCode());
        assertNotEquals(c, ModalityCombination.parse("depth+ir", Modalities.of(new Modality("rgb", 3),
                new Modality("depth", 2), new Modality("ir", 1))));
        assertEquals(1, mods.indexOf("depth"));
        assertEquals(-1, mods.indexOf("thermal"));
    }
}
