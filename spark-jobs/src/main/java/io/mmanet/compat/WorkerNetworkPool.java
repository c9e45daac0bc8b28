package io.mmanet.compat;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker networks of one JVM (an executor, or the driver in local mode) that are not training
 * right now, by configuration. A task borrows one for the length of its partition and gives it
 * back when its result is taken, so two tasks running at once in the same JVM (local[2], an
 * executor with two cores) never share a network; a task that fails keeps its network, which is
 * then dropped.
 *
 * <p>Only the networks of the {@value #KEYS} most recently used configurations are kept (a run
 * trains one graph at a time; the teacher and then the student is the usual sequence), so a long
 * pipeline does not accumulate networks.
 */
final class WorkerNetworkPool {
    static final int KEYS = 2;
    private static final Map<String, Deque<ComputationGraph>> FREE = new LinkedHashMap<>(4, 0.75f, true);

    private WorkerNetworkPool() {
    }

    /**
     * What identifies a network that can stand in for one built from {@code conf}: its
     * configuration without the iteration and epoch counts (which the worker sets each round).
     */
    static String key(ComputationGraphConfiguration conf) {
        // clone() resets both counts, so two rounds of the same graph give the same JSON
        byte[] json = conf.clone().toJson().getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** A free network of that configuration, or null when the caller must build one. */
    static synchronized ComputationGraph borrow(String key) {
        Deque<ComputationGraph> free = FREE.get(key);
        return free == null ? null : free.pollFirst();
    }

    static synchronized void giveBack(String key, ComputationGraph net) {
        FREE.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(net);
        Iterator<String> oldestFirst = FREE.keySet().iterator();
        while (FREE.size() > KEYS) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }

    /** Free networks held, all configurations (for tests). */
    static synchronized int size() {
        return FREE.values().stream().mapToInt(Deque::size).sum();
    }

    /** Drops every free network (for tests that must build). */
    static synchronized void clear() {
        FREE.clear();
    }
}
