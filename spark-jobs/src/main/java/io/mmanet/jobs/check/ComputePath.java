package io.mmanet.jobs.check;

import io.mmanet.compat.CpuIsa;
import io.mmanet.compat.OneDnnHelpers;
import io.mmanet.networks.combination.Modalities;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What actually computes, as opposed to what the pom asked for: the ND4J native build loaded (its
 * classifier), whether it carries oneDNN, the instruction set its kernels run with, whether DL4J
 * creates layer helpers, and for each layer type of a small MMANet network whether a oneDNN helper
 * or DL4J's built-in path runs it; and the same native/helper facts as seen inside the Spark
 * executors (separate JVMs on a cluster).
 */
public final class ComputePath {

    private ComputePath() {
    }

    public static Map<String, Object> facts(JavaSparkContext jsc) {
        Nd4j.create(1);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("nd4j_native_build", OneDnnHelpers.nativeClassifier());
        f.put("onednn", OneDnnHelpers.nativeUsesOneDnn());
        f.put("cpu_isa", CpuIsa.name());
        f.put("layer_helpers_enabled", OneDnnHelpers.creationEnabled());
        f.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        NetworkSpec spec = NetworkSpec.builder(Modalities.rgbDepthIr()).input(16, 16).stemWidth(4)
                .stageWidths(4, 8, 8, 8).blocksPerStage(1, 1, 1, 1).seReduction(4).numClasses(2)
                .dataType(DataType.FLOAT).build();
        f.put("layer_paths", OneDnnHelpers.pathsByLayerType(TrainingGraphs.deployment(spec)));
        f.put("executors", executorFacts(jsc));
        return f;
    }

    /** Distinct "build, oneDNN, helpers" lines reported by tasks on every executor slot. */
    private static List<String> executorFacts(JavaSparkContext jsc) {
        int n = Math.max(1, jsc.defaultParallelism());
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            slots.add(i);
        }
        List<String> seen = jsc.parallelize(slots, n).map(i -> {
            Nd4j.create(1);
            return "native " + OneDnnHelpers.nativeClassifier() + ", oneDNN " + OneDnnHelpers.nativeUsesOneDnn()
                    + ", helpers " + (OneDnnHelpers.creationEnabled() ? "enabled" : "disabled") + ", cpu " + CpuIsa.name();
        }).collect();
        return new ArrayList<>(new TreeSet<>(seen));
    }
}
