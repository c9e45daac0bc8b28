package org.nd4j.nativeblas;

import io.mmanet.compat.OneDnnHelpers;

/**
 * The class name DL4J 1.0.0-M2.1's {@code BaseMKLDNNHelper.mklDnnEnabled()} still looks up by
 * reflection ({@code org.nd4j.nativeblas.Nd4jCpu$Environment}, then {@code getInstance()} and
 * {@code isUseMKLDNN()}). ND4J M2.1 moved it to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} with {@code isUseONEDNN()}, so
 * the lookup throws, the failure is cached, and the oneDNN layer helpers stay off for the JVM's
 * life. This class exists only under the old name and forwards; see {@link OneDnnHelpers}.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** Forwards the two members BaseMKLDNNHelper calls. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether the loaded ND4J native library was built with oneDNN (and allows it). */
        public boolean isUseMKLDNN() {
            return OneDnnHelpers.nativeUsesOneDnn();
        }
    }
}
