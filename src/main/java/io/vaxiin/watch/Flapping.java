package io.vaxiin.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A server the same recovery keeps needing: recovered by one script {@link #LIMIT} times within
 * {@link #WINDOW} is flapping, and left for a person instead of being recovered again (whatever
 * breaks it is not what the script mends). Seeded from the audit log, so a restart remembers.
 */
final class Flapping {

    static final int LIMIT = 3;
    static final Duration WINDOW = Duration.ofHours(1);

    private final Map<String, Deque<Instant>> recoveries = new HashMap<>();

    /** Counts the {@code recovered} events of the last hour before {@code now} in an audit log's events. */
    static Flapping from(List<Map<String, Object>> events, Instant now) {
        Flapping f = new Flapping();
        for (Map<String, Object> e : events) {
            if (!"recovered".equals(e.get("event")) || e.get("script") == null) continue;
            try {
                Instant at = Instant.parse(String.valueOf(e.get("time")));
                if (at.isAfter(now.minus(WINDOW))) f.recovered(String.valueOf(e.get("server")), String.valueOf(e.get("script")), at);
            } catch (java.time.format.DateTimeParseException ignored) {
                // not an event of this version's audit log
            }
        }
        return f;
    }

    /** Notes a recovery of {@code server} by {@code script} at {@code at}; true when that makes it flapping. */
    synchronized boolean recovered(String server, String script, Instant at) {
        Deque<Instant> times = recoveries.computeIfAbsent(server + "\n" + script, k -> new ArrayDeque<>());
        times.addLast(at);
        while (!times.isEmpty() && !times.peekFirst().isAfter(at.minus(WINDOW))) times.removeFirst();
        return times.size() >= LIMIT;
    }
}
