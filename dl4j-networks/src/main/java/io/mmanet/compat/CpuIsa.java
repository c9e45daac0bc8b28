package io.mmanet.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The x86 instruction set oneDNN (inside libnd4j) dispatches its kernels to on this machine:
 * {@code avx512_core} needs AVX-512 F, BW, VL and DQ; otherwise AVX2 or older. It decides which
 * kernels run and so which workarounds pay: oneDNN's Winograd convolutions exist for avx512_core
 * only ({@link SmallMapConvHelper}), and float rounding differs between the two kernel families
 * (the method fixture records the ISA it was made on). Read from /proc/cpuinfo and capped by
 * oneDNN's own {@code ONEDNN_MAX_CPU_ISA} / {@code DNNL_MAX_CPU_ISA}; "unknown" off Linux.
 */
public final class CpuIsa {
    public static final String AVX512_CORE = "avx512_core";
    public static final String AVX2 = "avx2";
    private static final String DETECTED = detect();

    private CpuIsa() {
    }

    /** avx512_core, avx2, older or unknown. */
    public static String name() {
        return DETECTED;
    }

    public static boolean avx512Core() {
        return AVX512_CORE.equals(DETECTED);
    }

    private static String detect() {
        Set<String> flags;
        try {
            flags = flags(Files.readAllLines(Path.of("/proc/cpuinfo")));
        } catch (IOException | SecurityException e) {
            return "unknown";
        }
        String isa = flags.containsAll(List.of("avx512f", "avx512bw", "avx512vl", "avx512dq")) ? AVX512_CORE
                : flags.contains("avx2") ? AVX2 : "older";
        String cap = System.getenv("ONEDNN_MAX_CPU_ISA");
        cap = cap != null ? cap : System.getenv("DNNL_MAX_CPU_ISA");
        if (isa.equals(AVX512_CORE) && cap != null && !cap.isBlank() && !cap.equalsIgnoreCase("ALL")
                && !cap.toLowerCase(Locale.ROOT).startsWith("avx512") && !cap.toLowerCase(Locale.ROOT).startsWith("avx10")) {
            isa = AVX2; // oneDNN told to stop below AVX-512 (AVX2, AVX2_VNNI, ...)
        }
        return isa;
    }

    /** The flags of the first processor listed. */
    static Set<String> flags(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            if (line.startsWith("flags")) {
                return Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
            }
        }
        return Set.of();
    }
}
