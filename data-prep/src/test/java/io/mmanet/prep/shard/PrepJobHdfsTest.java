package io.mmanet.prep.shard;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.prep.LocalSpark;
import io.mmanet.prep.generate.CorpusGenerator;
import io.mmanet.prep.manifest.Manifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same prep on hdfs:// URIs: a real NameNode and DataNode (Hadoop's MiniDFSCluster) in the
 * test JVM. The result must equal the prep of the same corpus on the local file system.
 *
 * <p>Uses hadoop-client-minicluster (the shaded MiniDFSCluster) rather than hadoop-minicluster:
 * Spark 3.5 ships the shaded Hadoop client (hadoop-client-api/runtime 3.3.4), and the unshaded
 * minicluster fails against it on start-up (NoClassDefFoundError
 * org/apache/hadoop/shaded/org/eclipse/jetty/server/ConnectionFactory). On Java 17 the shaded one
 * runs with the surefire --add-opens flags the project already passes.
 */
class PrepJobHdfsTest {

    @TempDir
    static java.nio.file.Path tmp;
    static MiniDFSCluster cluster;
    static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        spark = LocalSpark.start("PrepJobHdfsTest");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void prepOnHdfsEqualsPrepOnLocalDisk() throws Exception {
        Config cfg = MmanetConfig.load(null, List.of("generate.samples=30", "generate.image-size=32",
                "generate.missing-fraction=0.2", "prep.height=16", "prep.width=16"));
        java.nio.file.Path local = tmp.resolve("corpus");
        CorpusGenerator.generate(cfg, local);
        FileSystem hdfs = cluster.getFileSystem();
        hdfs.copyFromLocalFile(new Path(local.toUri()), new Path("/data/corpus"));
        String base = hdfs.getUri().toString();
        assertTrue(base.startsWith("hdfs://"), base);

        Manifest onHdfs = PrepJob.run(spark, cfg, base + "/data/corpus", base + "/data/out", false);
        Manifest onDisk = PrepJob.run(spark, cfg, local.toUri().toString(), tmp.resolve("out").toUri().toString(), false);

        Configuration hc = spark.sparkContext().hadoopConfiguration();
        Manifest read = Manifest.read(base + "/data/out", hc);
        assertEquals(onDisk.splits, read.splits);
        assertEquals(onHdfs.splits, read.splits);
        assertEquals(30, read.splits.values().stream().mapToLong(c -> c.accepted()).sum());
        for (String m : List.of("rgb", "depth", "ir")) {
            assertArrayEquals(onDisk.pixelStats.get(m).mean(), read.pixelStats.get(m).mean(), 1e-12);
        }
        assertEquals(onDisk.sources, read.sources);
        assertTrue(hdfs.exists(new Path("/data/out/shards/train")));
        assertTrue(hdfs.exists(new Path("/data/out/quarantine/quarantine.jsonl")));
        assertEquals(read.splits.get("train").accepted(),
                spark.read().parquet(base + "/data/out/shards/train").count());
        assertThrows(OutputExistsException.class,
                () -> PrepJob.run(spark, cfg, base + "/data/corpus", base + "/data/out", false));
    }
}
