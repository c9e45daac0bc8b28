package io.mmanet.jobs.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Driver-side progress of a training run: one INFO line per averaging round and per epoch with
 * epoch, step, samples/s, loss and ETA (of the epoch and of the run).
 */
public final class RunProgress {
    private static final Logger LOG = LoggerFactory.getLogger(RunProgress.class);

    private final String label;
    private final int totalEpochs;
    private final int firstEpoch;
    private final long runStart = System.nanoTime();

    /**
     * @param firstEpoch the first epoch this process trains (after a resume, not 1); the run ETA
     *                   extrapolates from the epochs this process has measured
     */
    public RunProgress(String label, int totalEpochs, int firstEpoch) {
        this.label = label;
        this.totalEpochs = totalEpochs;
        this.firstEpoch = firstEpoch;
    }

    public int totalEpochs() {
        return totalEpochs;
    }

    void round(int epoch, int round, int rounds, long samples, double seconds, double score) {
        double rate = seconds > 0 ? samples / seconds : 0;
        double epochEta = round > 0 ? seconds / round * (rounds - round) : 0;
        LOG.info(String.format(Locale.ROOT,
                "%s | epoch %d/%d | round %d/%d | %d samples | %.1f samples/s | loss %.5f | epoch ETA %s | run ETA %s",
                label, epoch, totalEpochs, round, rounds, samples, rate, score, duration(epochEta),
                duration(runEta(epoch, round, rounds))));
    }

    /** Seconds left in the run, extrapolated from this process's elapsed time. */
    double runEta(int epoch, int round, int rounds) {
        double done = (epoch - firstEpoch) + (rounds == 0 ? 1 : (double) round / rounds);
        double elapsed = (System.nanoTime() - runStart) / 1e9;
        double left = (totalEpochs - firstEpoch + 1) - done;
        return done > 0 ? elapsed / done * left : 0;
    }

    public void epoch(int epoch, SparkGraphTrainer.EpochOutcome o, String lossTerms, double learningRate) {
        LOG.info(String.format(Locale.ROOT,
                "%s | epoch %d/%d done | %d samples in %.1f s | %.1f samples/s | mean loss %.5f | %s | lr %.3g | run ETA %s",
                label, epoch, totalEpochs, o.samples(), o.seconds(), o.samplesPerSecond(), o.meanScore(), lossTerms,
                learningRate, duration(runEta(epoch, 1, 1))));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
