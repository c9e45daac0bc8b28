package io.mmanet.jobs.spark;

import io.mmanet.config.ConfigValidationException;
import io.mmanet.config.MmanetConfig;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedStorageTest {
    private final Configuration fileDefault = new Configuration();

    @Test
    void fileUrisAreRefusedOnClusterMastersWithAMessageSayingWhatToUse() {
        Optional<String> p = SharedStorage.problem("spark://h:7077", false, "--run-dir", "file:/runs/a", fileDefault);
        assertTrue(p.isPresent());
        assertTrue(p.get().startsWith("--run-dir file:/runs/a is on the driver's local file system"), p.get());
        assertTrue(p.get().contains("hdfs://") && p.get().contains("s3a://") && p.get().contains("shared mount"), p.get());
        assertTrue(p.get().contains("spark.shared-local-fs = true"), p.get());
        // A path without a scheme is on the default file system, here file:.
        assertTrue(SharedStorage.problem("yarn", false, "--data", "/data/x", fileDefault).isPresent());
    }

    @Test
    void localMastersSharedMountsAndOtherFileSystemsPass() {
        for (String local : new String[] {"local", "local[2]", "local[*]", "local[2,3]", "local-cluster[2,1,1024]"}) {
            assertEquals(Optional.empty(), SharedStorage.problem(local, false, "--data", "file:/d", fileDefault), local);
        }
        assertEquals(Optional.empty(), SharedStorage.problem("spark://h:7077", true, "--data", "file:/d", fileDefault));
        Configuration hdfsDefault = new Configuration();
        hdfsDefault.set("fs.defaultFS", "hdfs://namenode:8020");
        assertEquals(Optional.empty(), SharedStorage.problem("yarn", false, "--data", "/data/x", hdfsDefault));
    }

    @Test
    void theMasterAndFileSystemComeFromTheConfigurationSoTheCheckNeedsNoSparkSession() {
        // No session is created here: a refused URI must cost no executors (the check runs first).
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> SharedStorage.require(
                MmanetConfig.load(null, List.of("spark.master=\"spark://h:7077\"")),
                SharedStorage.options("--data", "file:/d", "--run-dir", null)));
        assertTrue(e.getMessage().startsWith("--data file:/d is on the driver's local file system"), e.getMessage());
        // hadoop.conf reaches the check the way it reaches the session: a path on the default FS, here HDFS.
        assertDoesNotThrow(() -> SharedStorage.require(MmanetConfig.load(null, List.of(
                        "spark.master=yarn", "hadoop.conf.\"fs.defaultFS\"=\"hdfs://nn:8020\"")),
                SharedStorage.options("--data", "/data/x")));
    }
}
