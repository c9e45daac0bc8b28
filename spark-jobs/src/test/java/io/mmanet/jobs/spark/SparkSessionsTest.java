package io.mmanet.jobs.spark;

import io.mmanet.compat.NioPermissionLocalFileSystem;
import io.mmanet.config.MmanetConfig;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SparkSessionsTest {

    @Test
    void localFilesGoThroughTheChmodFreeFileSystemUnlessHadoopConfSaysOtherwise() {
        SparkConf defaults = SparkSessions.sparkConf(MmanetConfig.load(null, List.of()));
        assertEquals(NioPermissionLocalFileSystem.class.getName(), defaults.get("spark.hadoop.fs.file.impl"));

        SparkConf own = SparkSessions.sparkConf(MmanetConfig.load(null,
                List.of("hadoop.conf.\"fs.file.impl\"=org.apache.hadoop.fs.LocalFileSystem")));
        assertEquals("org.apache.hadoop.fs.LocalFileSystem", own.get("spark.hadoop.fs.file.impl"));
    }
}
