package io.mmanet.jobs.train;

import com.typesafe.config.Config;
import io.mmanet.config.MmanetConfig;
import io.mmanet.jobs.input.CorpusInfo;
import io.mmanet.jobs.input.EpochExporter;
import io.mmanet.jobs.input.ShardReader;
import io.mmanet.jobs.testing.LocalSpark;
import io.mmanet.jobs.testing.TinyCorpus;
import io.mmanet.networks.data.BatchAssembler;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.method.Methods;
import org.apache.spark.sql.SparkSession;
import org.datavec.spark.util.SerializableHadoopConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The MMANet training graph (frozen teacher, MAD, MAR with a broadcast weak set) on two workers
 * for two epochs: workers that keep their networks from round to round and from epoch to epoch
 * end with the same parameters and updater state, bit for bit, as workers that rebuild them.
 */
class WorkerNetworkReuseTest {

    @TempDir
    Path dir;

    @Test
    void mmanetGraphOnTwoWorkersTrainsTheSameWithReusedNetworks() {
        SparkSession spark = LocalSpark.session();
        CorpusInfo corpus = TinyCorpus.write(spark, dir.resolve("corpus"), 32, 4, 4);
        Config cfg = MmanetConfig.load(null, TinyCorpus.config("train.workers=2", "train.averaging-frequency=1"));
        TrainSettings s = TrainSettings.fromConfig(cfg);
        NetworkSpec spec = NetworkSpec.fromConfig(cfg);
        MethodSettings ms = MethodSettings.fromConfig(cfg).withMethod(Methods.get("mmanet"));
        ComputationGraph reused = TrainingGraphs.forMethod(spec, ms, TrainingGraphs.teacher(spec, ms));
        ComputationGraph rebuilt = reused.clone();
        SparkGraphTrainer reusing = new SparkGraphTrainer(LocalSpark.jsc(), s, true);
        SparkGraphTrainer rebuilding = new SparkGraphTrainer(LocalSpark.jsc(), s, false);
        BatchAssembler assembler = new BatchAssembler(spec, Methods.get("mmanet"));
        for (int epoch = 3; epoch <= 4; epoch++) { // after warm-up: CE + MAD + MAR
            EpochExporter.Export ex = EpochExporter.export(ShardReader.read(spark, corpus, "train").javaRDD(),
                    corpus.decoder(spec.inputHeight(), spec.inputWidth()), s.augment(),
                    new MethodBatchBuilder(spec, assembler, LocalSpark.jsc().broadcast(new String[] {"rgb", "ir", "rgb+ir"}),
                            epoch, true),
                    8, s.seed(), epoch, dir.resolve("export-" + epoch).toUri().toString(),
                    new SerializableHadoopConfig(spark.sparkContext().hadoopConfiguration()));
            assertEquals(4, ex.paths().size());
            SparkGraphTrainer.EpochOutcome a = rebuilding.fitEpoch(rebuilt, ex.paths(), epoch, "rebuilt",
                    new RunProgress("rebuilt", 4, epoch));
            SparkGraphTrainer.EpochOutcome b = reusing.fitEpoch(reused, ex.paths(), epoch, "reused",
                    new RunProgress("reused", 4, epoch));
            assertEquals(2, b.rounds());
            assertEquals(a.meanScore(), b.meanScore(), 0.0);
        }
        assertArrayEquals(rebuilt.params().toFloatVector(), reused.params().toFloatVector());
        assertArrayEquals(rebuilt.getUpdater().getStateViewArray().toFloatVector(),
                reused.getUpdater().getStateViewArray().toFloatVector());
    }
}
