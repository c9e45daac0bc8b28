package io.mmanet.jobs.check;

import io.mmanet.compat.GuardFreeExportFit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Proves an installation end to end in a few seconds: the ND4J backend loads (from the shaded
 * jar's ServiceLoader entries), the Spark session runs with our Kryo registrator and
 * registration required, and one DL4J parameter-averaging round (Export approach over batch files
 * on a Hadoop file system, the way training runs) moves the parameters. Run it first on a new cluster: {@code mmanet check}.
 */
public final class InstallationCheck {

    private static final Logger LOG = LoggerFactory.getLogger(InstallationCheck.class);

    private InstallationCheck() {
    }

    /** @return facts about the installation; throws if any step fails */
    public static Map<String, Object> run(SparkSession spark) {
        return run(spark, null);
    }

    /**
     * @param scratchDir where the round's batch files go (any Hadoop URI); null: /tmp on the
     *                   default file system
     * @return facts about the installation; throws if any step fails
     */
    public static Map<String, Object> run(SparkSession spark, String scratchDir) {
        long start = System.nanoTime();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
        facts.put("spark_version", spark.version());
        facts.put("spark_master", spark.sparkContext().master());
        facts.put("serializer", spark.sparkContext().conf().get("spark.serializer"));
        facts.put("kryo_registration_required", spark.sparkContext().conf().get("spark.kryo.registrationRequired", "false"));

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        facts.putAll(ComputePath.facts(jsc));
        ComputationGraph net = tinyGraph();
        INDArray before = net.params().dup();

        List<org.nd4j.linalg.dataset.api.MultiDataSet> batches = new ArrayList<>();
        Random rnd = new Random(42);
        for (int b = 0; b < 8; b++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 16, 4);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 2);
            for (int i = 0; i < 16; i++) {
                y.putScalar(i, x.getFloat(i, 0) > 0.5f ? 1 : 0, 1f);
            }
            batches.add(new MultiDataSet(new INDArray[] {x}, new INDArray[] {y}));
            rnd.nextInt();
        }
        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(2, 16)
                .batchSizePerWorker(16)
                .averagingFrequency(2)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Export)
                .build();
        SparkComputationGraph sparkNet = new SparkComputationGraph(jsc, net, tm);
        String scratch = scratchDir != null ? scratchDir : defaultScratchDir(jsc);
        facts.put("scratch_dir", scratch);
        try {
            // What training does: batch files on a Hadoop file system, then fitPaths (see compat).
            GuardFreeExportFit.fit(sparkNet, batches, scratch, 2);
        } catch (RuntimeException e) {
            throw new IllegalStateException("one parameter-averaging round over batch files under " + scratch
                    + " failed; if executors run on other hosts, every run directory and data URI must be on a"
                    + " file system all of them share (HDFS, S3A, a shared mount): pass --scratch with such a URI"
                    + " (" + e + ")", e);
        }
        INDArray after = sparkNet.getNetwork().params();
        double moved = after.sub(before).norm2Number().doubleValue();
        if (!(moved > 0) || Double.isNaN(after.sumNumber().doubleValue())) {
            throw new IllegalStateException("parameter averaging did not update the parameters (|delta| = " + moved + ")");
        }
        facts.put("parameter_delta_l2", moved);
        facts.put("seconds", (System.nanoTime() - start) / 1e9);
        LOG.info("installation check passed: {}", facts);
        return facts;
    }

    private static String defaultScratchDir(JavaSparkContext jsc) {
        try {
            return org.apache.hadoop.fs.FileSystem.get(jsc.hadoopConfiguration())
                    .makeQualified(new org.apache.hadoop.fs.Path("/tmp/mmanet-check-" + java.util.UUID.randomUUID()))
                    .toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ComputationGraph tinyGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1).updater(new Sgd(0.1)).dataType(DataType.FLOAT)
                .graphBuilder()
                .addInputs("x")
                .addLayer("h", new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.TANH).build(), "x")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "h")
                .setOutputs("out")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }
}
