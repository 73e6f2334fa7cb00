package io.vaxiin.watch;

import java.nio.charset.StandardCharsets;

/**
 * Which shard watches a server: a stable hash of its name (FNV-1a, 64 bits) modulo the number of
 * shards. The same name always lands on the same shard, on every machine and every run, and a
 * server added to the inventory moves no other; changing the number of shards moves servers
 * (README: how to change it safely).
 */
public final class Shards {

    private Shards() {}

    /** The shard (0 … shards-1) of the server {@code name}. */
    public static int of(String name, int shards) {
        if (shards < 1) throw new IllegalArgumentException("shards must be at least 1, not " + shards);
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return (int) Long.remainderUnsigned(h, shards);
    }
}
