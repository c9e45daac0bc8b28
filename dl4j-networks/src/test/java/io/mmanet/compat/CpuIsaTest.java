package io.mmanet.compat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuIsaTest {

    @Test
    void flagsComeFromTheFirstProcessorsFlagsLine() {
        List<String> cpuinfo = List.of("processor\t: 0", "model name\t: AMD EPYC", "flags\t\t: fpu avx2 fma",
                "processor\t: 1", "flags\t\t: fpu avx2 fma avx512f");
        assertEquals(Set.of("fpu", "avx2", "fma"), CpuIsa.flags(cpuinfo));
        assertEquals(Set.of(), CpuIsa.flags(List.of("processor : 0")));
    }

    @Test
    void thisMachineHasANamedIsa() {
        assertTrue(List.of(CpuIsa.AVX512_CORE, CpuIsa.AVX2, "older", "unknown").contains(CpuIsa.name()), CpuIsa.name());
        assertEquals(CpuIsa.AVX512_CORE.equals(CpuIsa.name()), CpuIsa.avx512Core());
    }
}
