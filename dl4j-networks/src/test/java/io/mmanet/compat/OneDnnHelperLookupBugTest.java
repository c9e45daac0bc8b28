package io.mmanet.compat;

import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.testing.TinyNetworks;
import org.deeplearning4j.config.DL4JClassLoading;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Reproduces why DL4J 1.0.0-M2.1's oneDNN helpers never run, and shows {@link OneDnnHelpers} plus the
 * {@code org.nd4j.nativeblas.Nd4jCpu} shim fix it (on the oneDNN native build the pom selects).
 */
class OneDnnHelperLookupBugTest {

    private static final String OLD_NAME = "org.nd4j.nativeblas.Nd4jCpu$Environment";
    private static final String NEW_NAME = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

    private String savedProperty;

    @BeforeEach
    void saveProperty() {
        savedProperty = System.getProperty(OneDnnHelpers.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (savedProperty == null) {
            System.clearProperty(OneDnnHelpers.PROPERTY);
        } else {
            System.setProperty(OneDnnHelpers.PROPERTY, savedProperty);
        }
    }

    @Test
    void nd4jRenamedTheEnvironmentDl4jLooksUp() throws Exception {
        Nd4j.create(1); // loads the backend
        Class<?> renamed = Class.forName(NEW_NAME);
        assertTrue(Arrays.stream(renamed.getMethods()).anyMatch(m -> m.getName().equals("isUseONEDNN")));
        assertTrue(Arrays.stream(renamed.getMethods()).noneMatch(m -> m.getName().equals("isUseMKLDNN")),
                "ND4J has isUseMKLDNN again: the shim may no longer be needed");
        // The old name resolves only to our shim, never to a class of ND4J's own jars.
        Class<?> old = Class.forName(OLD_NAME);
        String source = old.getProtectionDomain().getCodeSource().getLocation().toString();
        assertFalse(source.contains("nd4j-native"), source);
    }

    @Test
    void withoutTheShimTheLookupFailsAndHelpersStayOff() throws Exception {
        assertTrue(OneDnnHelpers.nativeUsesOneDnn(), "expected the oneDNN native build, loaded: "
                + OneDnnHelpers.nativeClassifier());
        ClassLoader dl4jLoader = DL4JClassLoading.getDl4jClassloader();
        try {
            DL4JClassLoading.setDl4jClassloader(new Hiding(dl4jLoader, OLD_NAME));
            assertFalse(freshMklDnnEnabled(), "upstream lookup bug no longer reproduces");
        } finally {
            DL4JClassLoading.setDl4jClassloader(dl4jLoader);
        }
        assertTrue(freshMklDnnEnabled(), "the shim under the old name should satisfy the lookup");
        assertTrue(BaseMKLDNNHelper.mklDnnEnabled());
    }

    @Test
    void helpersAreCreatedOnlyWhenThePropertyAllowsIt() {
        NetworkSpec spec = TinyNetworks.tiny(DataType.FLOAT);
        System.setProperty(OneDnnHelpers.PROPERTY, "true");
        assertFalse(OneDnnHelpers.enable(), "an explicit setting must be respected");
        Map<String, String> off = OneDnnHelpers.pathsByLayerType(TrainingGraphs.deployment(spec));
        assertEquals("built-in", off.get("ConvolutionLayer"), off.toString());

        System.clearProperty(OneDnnHelpers.PROPERTY);
        assertTrue(OneDnnHelpers.enable());
        ComputationGraph g = TrainingGraphs.deployment(spec);
        Map<String, String> on = OneDnnHelpers.pathsByLayerType(g);
        assertEquals("MKLDNNConvHelper", on.get("ConvolutionLayer"), on.toString());
        assertEquals("MKLDNNBatchNormHelper", on.get("BatchNormalization"), on.toString());
        assertEquals("MKLDNNSubsamplingHelper", on.get("SubsamplingLayer"), on.toString());
        assertEquals("-D" + OneDnnHelpers.PROPERTY + "=false", OneDnnHelpers.javaOption());
        assertTrue(OneDnnHelpers.nativeClassifier().contains("onednn"), OneDnnHelpers.nativeClassifier());
    }

    /** BaseMKLDNNHelper.mklDnnEnabled() of a fresh copy of the class (the real one caches its first failure). */
    private static boolean freshMklDnnEnabled() throws Exception {
        Class<?> copy = new FreshCopy(BaseMKLDNNHelper.class).loadClass(BaseMKLDNNHelper.class.getName());
        assertNotSame(BaseMKLDNNHelper.class, copy);
        return (Boolean) copy.getMethod("mklDnnEnabled").invoke(null);
    }

    /** Loads one class anew from its bytes; everything else comes from the parent. */
    private static final class FreshCopy extends ClassLoader {
        private final String name;

        FreshCopy(Class<?> c) {
            super(c.getClassLoader());
            this.name = c.getName();
        }

        @Override
        protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
            if (!n.equals(name)) {
                return super.loadClass(n, resolve);
            }
            synchronized (getClassLoadingLock(n)) {
                Class<?> c = findLoadedClass(n);
                if (c != null) {
                    return c;
                }
                try (InputStream in = getParent().getResourceAsStream(n.replace('.', '/') + ".class")) {
                    byte[] b = in.readAllBytes();
                    return defineClass(n, b, 0, b.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(n, e);
                }
            }
        }
    }

    /** A class loader on which one class name does not exist: the world DL4J M2.1 was released into. */
    private static final class Hiding extends ClassLoader {
        private final String hidden;

        Hiding(ClassLoader parent, String hidden) {
            super(parent);
            this.hidden = hidden;
        }

        @Override
        protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
            if (n.equals(hidden)) {
                throw new ClassNotFoundException(n);
            }
            return super.loadClass(n, resolve);
        }
    }
}
