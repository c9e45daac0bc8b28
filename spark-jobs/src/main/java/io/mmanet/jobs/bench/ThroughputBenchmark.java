package io.mmanet.jobs.bench;

import io.mmanet.compat.OneDnnHelpers;
import io.mmanet.networks.graph.NetworkSpec;
import io.mmanet.networks.graph.TrainingGraphs;
import io.mmanet.networks.method.Methods;
import io.mmanet.networks.method.MethodSettings;
import io.mmanet.networks.train.LocalTrainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Samples/s of SF-MD training, MMANet training (teacher forward, MAD + MAR on) and deployment
 * inference in one JVM, for one model and batch: the figures ../shared/bench/peer_bench_torch.py
 * prints for PyTorch, so the two can stand side by side. Threads are the process's
 * ({@code OMP_NUM_THREADS}); run once per thread count.
 */
final class ThroughputBenchmark {

    /** One row of the table. */
    record Row(String model, int size, int batch, double sfmd, double mmanet, double inference) {
    }

    private ThroughputBenchmark() {
    }

    /** A line describing what runs: threads, native build, helpers. */
    static String environment() {
        Nd4j.create(1);
        return String.format(Locale.ROOT, "OMP_NUM_THREADS=%s, ND4J native %s (oneDNN %s), layer helpers %s",
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), OneDnnHelpers.nativeClassifier(),
                OneDnnHelpers.nativeUsesOneDnn() ? "yes" : "no", OneDnnHelpers.creationEnabled() ? "on" : "off");
    }

    /** Times {@code steps} steps of each kind after one warm-up step. */
    static Row measure(String model, NetworkSpec spec, MethodSettings ms, int batch, int steps, PrintStream log) {
        List<MultiDataSet> sf = TrainBenchmark.batches(spec, Methods.get("sf-md"), steps + 1, batch, 2);
        ComputationGraph deployment = TrainingGraphs.deployment(spec, ms);
        double sfmd = trainSamplesPerSecond(new LocalTrainer(deployment), sf);
        double inference = inferenceSamplesPerSecond(deployment, sf);
        List<MultiDataSet> mm = TrainBenchmark.batches(spec, Methods.get("mmanet"), steps + 1, batch, 2);
        double mmanet = trainSamplesPerSecond(new LocalTrainer(TrainingGraphs.forMethod(spec,
                ms.withMethod(Methods.get("mmanet")), TrainingGraphs.teacher(spec, ms))), mm);
        Row r = new Row(model, spec.inputHeight(), batch, sfmd, mmanet, inference);
        log.println(String.format(Locale.ROOT, "%s %dx%d batch %d: SF-MD %.1f, MMANet %.1f, inference %.1f samples/s",
                model, r.size(), r.size(), batch, sfmd, mmanet, inference));
        return r;
    }

    static String table(List<Row> rows) {
        StringBuilder md = new StringBuilder("| model, input, batch | SF-MD train samples/s | MMANet train samples/s "
                + "| inference samples/s | MMANet / SF-MD time |\n|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s, %dx%d, %d | %.1f | %.1f | %.1f | %.2fx |%n", r.model(), r.size(),
                    r.size(), r.batch(), r.sfmd(), r.mmanet(), r.inference(), r.sfmd() / r.mmanet()));
        }
        return md.toString();
    }

    /** Samples/s over all but the first batch (one warm-up step). */
    static double trainSamplesPerSecond(LocalTrainer trainer, List<MultiDataSet> batches) {
        trainer.beginEpoch(1);
        trainer.step(batches.get(0));
        long t0 = System.nanoTime();
        long n = 0;
        for (MultiDataSet b : batches.subList(1, batches.size())) {
            trainer.step(b);
            n += b.getFeatures(0).size(0);
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static double inferenceSamplesPerSecond(ComputationGraph g, List<MultiDataSet> batches) {
        g.output(false, batches.get(0).getFeatures());
        long t0 = System.nanoTime();
        long n = 0;
        for (MultiDataSet b : batches.subList(1, batches.size())) {
            g.output(false, b.getFeatures());
            n += b.getFeatures(0).size(0);
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
