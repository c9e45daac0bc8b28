package io.mmanet.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmanet.jobs.check.InstallationCheck;
import io.mmanet.jobs.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check an installation in seconds: ND4J backend, Spark with Kryo, one parameter-averaging round.")
public final class CheckCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--scratch", paramLabel = "URI",
            description = "Directory for the averaging round's batch files (any Hadoop URI; default /tmp on the "
                    + "default file system). On a multi-host cluster give one every executor can read.")
    String scratch;

    @Override
    public Integer call() throws Exception {
        var config = common.load();
        SparkSession spark = SparkSessions.getOrCreate(config);
        try {
            Map<String, Object> facts = InstallationCheck.run(spark, scratch);
            System.out.println(new ObjectMapper().writeValueAsString(Map.of("check", "ok", "facts", facts)));
            return 0;
        } finally {
            spark.stop();
        }
    }
}
