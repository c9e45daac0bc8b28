package io.mmanet.jobs.spark;

import io.mmanet.compat.OneDnnHelpers;
import org.apache.spark.SparkConf;

/**
 * Gives every executor JVM the driver's oneDNN helper setting at start-up, through
 * {@code spark.executor.extraJavaOptions} (appended to whatever the user or spark-submit set). On a
 * cluster executors are separate JVMs started after the session exists, so this reaches them before
 * any task; {@link MmanetKryoRegistrator} switches the helpers on again in each executor as a second
 * line (it runs before the network broadcast is read). In local mode the executor is this JVM.
 */
public final class ExecutorHelpers {

    static final String EXECUTOR_OPTIONS = "spark.executor.extraJavaOptions";

    private ExecutorHelpers() {
    }

    public static void propagate(SparkConf conf) {
        OneDnnHelpers.enable();
        String option = OneDnnHelpers.javaOption();
        String existing = conf.get(EXECUTOR_OPTIONS, "").trim();
        if (existing.contains("-D" + OneDnnHelpers.PROPERTY + "=")) {
            return; // set explicitly for the executors: theirs to decide
        }
        conf.set(EXECUTOR_OPTIONS, existing.isEmpty() ? option : existing + " " + option);
    }
}
