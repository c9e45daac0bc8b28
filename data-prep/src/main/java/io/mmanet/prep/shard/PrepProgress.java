package io.mmanet.prep.shard;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Driver-side progress lines (rows done, rows/s, ETA) at a fixed interval while prep runs. */
final class PrepProgress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrepProgress.class);

    private final ScheduledExecutorService timer;
    private final long total;
    private final long start = System.nanoTime();
    private final LongSupplier done;

    PrepProgress(long total, LongSupplier done, int intervalSeconds) {
        this.total = total;
        this.done = done;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mmanet-prep-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::log, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    private void log() {
        long n = done.getAsLong();
        double secs = (System.nanoTime() - start) / 1e9;
        double rate = n / Math.max(secs, 1e-9);
        String eta = n == 0 ? "?" : String.format(Locale.ROOT, "%.0f s", (total - n) / Math.max(rate, 1e-9));
        LOG.info(String.format(Locale.ROOT, "prep: %d / %d rows (%.1f%%), %.1f rows/s, ETA %s", n, total,
                100.0 * n / Math.max(total, 1), rate, eta));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
