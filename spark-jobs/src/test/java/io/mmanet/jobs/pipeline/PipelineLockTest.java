package io.mmanet.jobs.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineLockTest {

    @TempDir
    Path dir;

    PipelineStore store() {
        return new PipelineStore(dir.toString(), new Configuration());
    }

    void writeLock(String host, long pid, Instant heartbeat) throws Exception {
        Files.writeString(dir.resolve("pipeline.lock"), new ObjectMapper().writeValueAsString(
                new PipelineLock.Holder(host, pid, "someone", heartbeat.toString(), heartbeat.toString())));
        Files.setLastModifiedTime(dir.resolve("pipeline.lock"), FileTime.from(heartbeat));
    }

    @Test
    void aLiveLockOnAnotherHostIsRespected() throws Exception {
        writeLock("other-host.example", 4242, Instant.now().minusSeconds(60));
        PipelineLock.HeldException e = assertThrows(PipelineLock.HeldException.class,
                () -> PipelineLock.acquire(store(), Duration.ofHours(1)));
        assertTrue(e.getMessage().contains("someone@other-host.example pid 4242"), e.getMessage());
    }

    @Test
    void aLockWithoutHeartbeatForLongerThanTheTimeoutIsTakenOver() throws Exception {
        writeLock("other-host.example", 4242, Instant.now().minus(Duration.ofHours(3)));
        try (PipelineLock lock = PipelineLock.acquire(store(), Duration.ofHours(1))) {
            assertEquals(ProcessHandle.current().pid(), lock.holder().pid());
            assertTrue(Files.readString(dir.resolve("pipeline.lock")).contains("\"pid\":" + ProcessHandle.current().pid()));
        }
        assertFalse(Files.exists(dir.resolve("pipeline.lock")));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().contains("stale")).count(), "stale lock left aside");
        }
    }

    @Test
    void aLockOfADeadProcessOnThisHostIsTakenOverAtOnce() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        writeLock(PipelineLock.hostName(), p.pid(), Instant.now());
        try (PipelineLock lock = PipelineLock.acquire(store(), Duration.ofHours(1))) {
            assertEquals(ProcessHandle.current().pid(), lock.holder().pid());
        }
    }

    @Test
    void theHeartbeatKeepsTheLockFresh() throws Exception {
        try (PipelineLock lock = PipelineLock.acquire(store(), Duration.ofSeconds(4))) {
            Instant before = Files.getLastModifiedTime(dir.resolve("pipeline.lock")).toInstant();
            Thread.sleep(2500);
            Instant after = Files.getLastModifiedTime(dir.resolve("pipeline.lock")).toInstant();
            assertTrue(after.isAfter(before), "heartbeat did not refresh the lock: " + before + " / " + after);
        }
    }
}
