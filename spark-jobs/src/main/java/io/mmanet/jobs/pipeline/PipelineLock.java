package io.mmanet.jobs.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One pipeline per directory: an exclusively created lock file naming its holder, refreshed by a
 * heartbeat. A lock whose heartbeat is older than the stale timeout, or whose holder ran on this
 * host in a process that no longer exists, is taken over (moved aside first, so two contenders
 * cannot both take it).
 */
public final class PipelineLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the lock file holds. */
    public record Holder(String host, long pid, String user, String acquiredAt, String heartbeatAt) {
        String describe() {
            return user + "@" + host + " pid " + pid + " (since " + acquiredAt + ", last heartbeat " + heartbeatAt + ")";
        }
    }

    /** The directory is locked by a live pipeline. */
    public static final class HeldException extends RuntimeException {
        HeldException(String message) {
            super(message);
        }
    }

    private final PipelineStore store;
    private final Path file;
    private final Holder holder;
    private final ScheduledExecutorService heartbeat;
    private final Clock clock;

    private PipelineLock(PipelineStore store, Path file, Holder holder, Duration staleAfter, Clock clock) {
        this.store = store;
        this.file = file;
        this.holder = holder;
        this.clock = clock;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mmanet-pipeline-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1000, staleAfter.toMillis() / 4);
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    public static Path lockFile(PipelineStore store) {
        return store.path("pipeline.lock");
    }

    public static PipelineLock acquire(PipelineStore store, Duration staleAfter) {
        return acquire(store, staleAfter, Clock.systemUTC());
    }

    static PipelineLock acquire(PipelineStore store, Duration staleAfter, Clock clock) {
        Path file = lockFile(store);
        String now = clock.instant().toString();
        Holder me = new Holder(hostName(), ProcessHandle.current().pid(), System.getProperty("user.name"), now, now);
        String text = toJson(me);
        if (store.createExclusive(file, text)) {
            return new PipelineLock(store, file, me, staleAfter, clock);
        }
        String existing = store.readOrNull(file);
        FileStatus status = store.statusOrNull(file);
        Holder other = parseOrNull(existing);
        String staleReason = staleReason(other, status, staleAfter, clock.instant());
        if (staleReason == null) {
            throw new HeldException("another pipeline holds the lock " + file + ": "
                    + (other == null ? "(unreadable lock file)" : other.describe())
                    + ". Two pipelines must not write the same directory; wait for it to finish. If it died,"
                    + " the lock is taken over once its heartbeat is older than pipeline.stale-lock-after ("
                    + staleAfter + "), or delete " + file + " when you are sure it is not running.");
        }
        Path aside = new Path(file.getParent(), file.getName() + ".stale-" + UUID.randomUUID());
        if (!store.renameIfPresent(file, aside) || !store.createExclusive(file, text)) {
            throw new HeldException("another pipeline took over the stale lock " + file + " at the same time");
        }
        LOG.warn("took over the stale pipeline lock {} ({}); previous holder: {}", file, staleReason,
                other == null ? existing : other.describe());
        store.delete(aside);
        return new PipelineLock(store, file, me, staleAfter, clock);
    }

    /** Null when the lock is live, else why it is stale. */
    static String staleReason(Holder other, FileStatus status, Duration staleAfter, Instant now) {
        if (status == null) {
            return "it disappeared";
        }
        Instant beat = Instant.ofEpochMilli(status.getModificationTime());
        if (other != null) {
            try {
                Instant written = Instant.parse(other.heartbeatAt());
                if (written.isAfter(beat)) {
                    beat = written;
                }
            } catch (RuntimeException ignored) {
                // keep the file time
            }
            if (other.host().equals(hostName()) && other.pid() != ProcessHandle.current().pid()
                    && ProcessHandle.of(other.pid()).map(p -> !p.isAlive()).orElse(true)) {
                return "its process " + other.pid() + " on this host is gone";
            }
        }
        Duration age = Duration.between(beat, now);
        return age.compareTo(staleAfter) > 0 ? "no heartbeat for " + age.withNanos(0) : null;
    }

    private void beat() {
        try {
            store.writeAtomically(file, toJson(new Holder(holder.host(), holder.pid(), holder.user(),
                    holder.acquiredAt(), clock.instant().toString())));
        } catch (RuntimeException e) {
            LOG.warn("cannot refresh the pipeline lock {}: {}", file, e.getMessage());
        }
    }

    public Holder holder() {
        return holder;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Holder current = parseOrNull(store.readOrNull(file));
        if (current != null && current.pid() == holder.pid() && current.host().equals(holder.host())
                && current.acquiredAt().equals(holder.acquiredAt())) {
            store.delete(file);
        }
    }

    private static String toJson(Holder h) {
        try {
            return JSON.writeValueAsString(h);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Holder parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, Holder.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
