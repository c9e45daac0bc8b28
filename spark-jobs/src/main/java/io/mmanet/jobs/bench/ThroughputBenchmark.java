package io.mmanet.jobs.bench;

import io.mmanet.bench.WarmUp;
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
import java.util.function.Consumer;

/**
 * Samples/s of SF-MD training, MMANet training (teacher forward, MAD + MAR on) and deployment
 * inference in one JVM, for one model and batch: the figures ../shared/bench/peer_bench_torch.py
 * prints for PyTorch, so the two can stand side by side. Threads are the process's
 * ({@code OMP_NUM_THREADS}); run once per thread count.
 */
final class ThroughputBenchmark {

    /**
     * A row's timing runs at least this long: a demo step takes tens of milliseconds, and a few of
     * them measure one GC or compiler pause more than the step (3 demo steps once read 3.10x for
     * MMANet / SF-MD where 60 read 1.21x-1.55x; docs/benchmarks.md, eleventh pass).
     */
    static final double MIN_TIMED_SECONDS = 2.0;

    /** One row of the table. */
    record Row(String model, int size, int batch, double sfmd, double mmanet, double inference,
               double multiplyAddRatio) {
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

    /**
     * Times {@code steps} steps of each kind after a {@link WarmUp} of steps (cycling the batches):
     * the JIT compiler is still compiling the step's Java code in a JVM's first seconds, so a one-step
     * warm-up under-reports what a training run of minutes sees (docs/benchmarks.md, seventh pass).
     * {@code warmupSeconds} 0 = one warm-up step, as the PyTorch peer does.
     */
    static Row measure(String model, NetworkSpec spec, MethodSettings ms, int batch, int steps, double warmupSeconds,
                       PrintStream log) {
        List<MultiDataSet> sf = TrainBenchmark.batches(spec, Methods.get("sf-md"), steps + 1, batch, 2);
        ComputationGraph deployment = TrainingGraphs.deployment(spec, ms);
        LocalTrainer sfTrainer = new LocalTrainer(deployment);
        sfTrainer.beginEpoch(1);
        double sfmd = samplesPerSecond(sfTrainer::step, sf, warmupSeconds, log);
        double inference = samplesPerSecond(b -> deployment.output(false, b.getFeatures()), sf,
                warmupSeconds, log);
        List<MultiDataSet> mm = TrainBenchmark.batches(spec, Methods.get("mmanet"), steps + 1, batch, 2);
        ComputationGraph mmGraph = TrainingGraphs.forMethod(spec, ms.withMethod(Methods.get("mmanet")),
                TrainingGraphs.teacher(spec, ms));
        LocalTrainer mmTrainer = new LocalTrainer(mmGraph);
        mmTrainer.beginEpoch(1);
        double mmanet = samplesPerSecond(mmTrainer::step, mm, warmupSeconds, log);
        Row r = new Row(model, spec.inputHeight(), batch, sfmd, mmanet, inference,
                TrainBenchmark.multiplyAddRatio(spec, deployment, mmGraph, TrainBenchmark.regularizedShare(mmGraph, mm)));
        log.println(String.format(Locale.ROOT, "%s %dx%d batch %d: SF-MD %.1f, MMANet %.1f, inference %.1f samples/s",
                model, r.size(), r.size(), batch, sfmd, mmanet, inference));
        return r;
    }

    static String table(List<Row> rows) {
        StringBuilder md = new StringBuilder("| model, input, batch | SF-MD train samples/s | MMANet train samples/s "
                + "| inference samples/s | MMANet / SF-MD time | MMANet / SF-MD multiply-adds |\n|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s, %dx%d, %d | %.1f | %.1f | %.1f | %.2fx | %.3fx |%n", r.model(),
                    r.size(), r.size(), r.batch(), r.sfmd(), r.mmanet(), r.inference(), r.sfmd() / r.mmanet(),
                    r.multiplyAddRatio()));
        }
        return md.toString();
    }

    /** Samples/s of {@code step} over all but the first batch, after warm-up steps (batches taken in turn). */
    static double samplesPerSecond(Consumer<MultiDataSet> step, List<MultiDataSet> batches, double warmupSeconds,
                                   PrintStream log) {
        return samplesPerSecond(step, batches, warmupSeconds, MIN_TIMED_SECONDS, log);
    }

    /**
     * As above; the timed steps go through all but the first batch at least once, and on (batches
     * in turn) until {@code minSeconds} have passed.
     */
    static double samplesPerSecond(Consumer<MultiDataSet> step, List<MultiDataSet> batches, double warmupSeconds,
                                   double minSeconds, PrintStream log) {
        int[] i = {0};
        WarmUp.Outcome w = WarmUp.ofThisJvm().run(() -> step.accept(batches.get(i[0]++ % batches.size())), warmupSeconds);
        log.println("step " + w.describe());
        List<MultiDataSet> timed = batches.subList(1, batches.size());
        long t0 = System.nanoTime();
        long minNanos = (long) (minSeconds * 1e9);
        long n = 0;
        int k = 0;
        do {
            MultiDataSet b = timed.get(k++ % timed.size());
            step.accept(b);
            n += b.getFeatures(0).size(0);
        } while (k < timed.size() || System.nanoTime() - t0 < minNanos);
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
