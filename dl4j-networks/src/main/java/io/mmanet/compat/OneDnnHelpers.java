package io.mmanet.compat;

import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns on DL4J's oneDNN layer helpers (convolution, batch norm, pooling), which DL4J 1.0.0-M2.1
 * ships switched off twice over:
 * <ol>
 *   <li>{@code HelperUtils.createHelper} returns no helper unless the system property
 *       {@value #PROPERTY} is {@code false}; its default is {@code true} (deeplearning4j #9331,
 *       PR #9343). It is read when a layer is constructed, i.e. in {@code ComputationGraph.init()},
 *       so it must be set in every JVM (driver and each Spark executor) before any network is built.</li>
 *   <li>{@code BaseMKLDNNHelper.mklDnnEnabled()} looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment
 *       .isUseMKLDNN()}, a class M2.1 renamed; the lookup throws and the failure is cached, so every
 *       helper reports itself unsupported. {@link org.nd4j.nativeblas.Nd4jCpu} restores the old name.</li>
 * </ol>
 * The helpers only run where the native library was built with oneDNN (the {@code -onednn}
 * classifier our pom selects) and only for FLOAT arrays; DOUBLE (gradient checks) and a plain build
 * keep DL4J's built-in path. An explicit {@code -D}{@value #PROPERTY}{@code =true} is respected: it is
 * the switch to compare against the built-in path. Tested by {@code OneDnnHelperLookupBugTest}.
 */
public final class OneDnnHelpers {

    /** DL4J's switch; "true" (DL4J's default) disables helper creation. */
    public static final String PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private static final String NATIVE_ENVIRONMENT = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

    private OneDnnHelpers() {
    }

    /**
     * Enables helper creation in this JVM unless {@value #PROPERTY} was set explicitly.
     * Idempotent and cheap; call it before building or restoring any network.
     *
     * @return whether helper creation is now enabled
     */
    public static boolean enable() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "false");
        }
        return creationEnabled();
    }

    /** Whether DL4J will try to create helpers for layers built from now on. */
    public static boolean creationEnabled() {
        return !Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
    }

    /** The JVM option that gives a Spark executor this JVM's helper setting. */
    public static String javaOption() {
        return "-D" + PROPERTY + "=" + !creationEnabled();
    }

    /**
     * Whether the loaded ND4J CPU library was built with oneDNN. False with the plain build, with
     * the CUDA backend, or when no native library can be loaded.
     */
    public static boolean nativeUsesOneDnn() {
        try {
            Class<?> env = Class.forName(NATIVE_ENVIRONMENT);
            Object instance = env.getMethod("getInstance").invoke(null);
            return (Boolean) env.getMethod("isUseONEDNN").invoke(instance);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    /** The ND4J CPU native library this JVM loaded (path), or null if none is loaded yet. */
    public static Path nativeLibrary() {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().contains("nd4jcpu") && !e.getKey().contains("jni") && e.getValue() != null) {
                return Paths.get(e.getValue());
            }
        }
        return null;
    }

    /**
     * The javacpp platform directory of the loaded native library, e.g. {@code linux-x86_64-onednn}:
     * the nd4j-native classifier that actually runs. "unknown" if it cannot be told.
     */
    public static String nativeClassifier() {
        Path lib = nativeLibrary();
        return lib == null || lib.getParent() == null ? "unknown" : lib.getParent().getFileName().toString();
    }

    /**
     * The helper a layer runs with, by simple class name (ours by the DL4J helper they extend, e.g.
     * {@link SmallMapConvHelper} as MKLDNNConvHelper), or "built-in".
     */
    public static String pathOf(Layer layer) {
        LayerHelper helper = unwrap(layer).getHelper();
        return helper == null ? "built-in" : dl4jType(helper.getClass());
    }

    /** The layer inside frozen wrappers (the frozen teacher's layers run their own helpers). */
    private static Layer unwrap(Layer layer) {
        Layer inner = layer;
        while (inner instanceof BaseWrapperLayer w) {
            inner = w.getUnderlying();
        }
        return inner;
    }

    /**
     * For each layer type of the graph (simple name of the DL4J layer class, ours count as the DL4J
     * class they extend, e.g. {@link LinearConvolutionLayerImpl} as ConvolutionLayer), the paths its
     * layers run.
     */
    public static Map<String, String> pathsByLayerType(ComputationGraph graph) {
        Map<String, TreeSet<String>> byType = new TreeMap<>();
        for (Layer l : graph.getLayers()) {
            byType.computeIfAbsent(dl4jType(unwrap(l).getClass()), k -> new TreeSet<>()).add(pathOf(l));
        }
        Map<String, String> out = new TreeMap<>();
        byType.forEach((type, paths) -> out.put(type, String.join(" + ", paths)));
        return out;
    }

    private static String dl4jType(Class<?> c) {
        Class<?> t = c;
        while (!t.getName().startsWith("org.deeplearning4j.") && t.getSuperclass() != null) {
            t = t.getSuperclass();
        }
        return t.getName().startsWith("org.deeplearning4j.") ? t.getSimpleName() : c.getSimpleName();
    }
}
