package io.mmanet.compat;

/**
 * The CPU fast path, switched on once per JVM before any network is built or restored: DL4J's
 * oneDNN layer helpers ({@link OneDnnHelpers}) and the shape-info cache ({@link ShapeInfoCache}).
 * Called where a JVM starts doing our work: the CLI (driver), {@code TrainingGraphs} (any JVM that
 * builds a network) and the Kryo registrator (each executor, before the network broadcast is read).
 * Idempotent.
 */
public final class FastCpuPath {

    private FastCpuPath() {
    }

    public static void install() {
        OneDnnHelpers.enable();
        ShapeInfoCache.install();
    }
}
