package io.mmanet.jobs.logging;

import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Spark plugin ({@code spark.plugins}) that installs our logging in every executor when it starts:
 * executors load plugins with the application's class loader, after the jar was fetched and
 * before the first task, which is the earliest point our jar's resources are reachable on a
 * cluster whose hosts do not have the file (see {@link JobLogging}).
 */
public final class ExecutorLoggingPlugin implements SparkPlugin {

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext ctx, Map<String, String> extraConf) {
                if (JobLogging.install()) {
                    LoggerFactory.getLogger(ExecutorLoggingPlugin.class)
                            .info("executor {} logs with {}", ctx.executorID(), JobLogging.RESOURCE);
                }
            }
        };
    }
}
