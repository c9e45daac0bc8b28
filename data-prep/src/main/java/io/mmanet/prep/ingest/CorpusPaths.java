package io.mmanet.prep.ingest;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Normalises a path written in a list file. Paths must stay inside the corpus root: absolute
 * paths, URIs and '..' that climb above the root are rejected, so a list file cannot make the
 * job read (and copy into shards) files it was not given.
 */
public final class CorpusPaths {

    private CorpusPaths() {
    }

    /** The normalised relative path ('/'-separated), or null when it escapes the root. */
    public static String normalise(String raw) {
        String p = raw.replace('\\', '/');
        if (p.startsWith("/") || p.contains(":")) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? null : String.join("/", parts);
    }
}
