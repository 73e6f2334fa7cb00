package io.vaxiin.watch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The fleet as the live page shows it: where each server stands and what it is doing, the last
 * screen of each one being recovered or left for a person, and the recent events. Fed by the
 * watch's events; read by the page ({@link FleetPage}) and the servers-by-state gauge.
 */
public final class FleetView {

    private static final int RECENT = 100;

    /** One server on the page; {@code picture} gives its last screen as PNG bytes, or null. */
    private static final class Row {
        String state = "waiting";
        String doing = "";
        String updated = "";
        String screenText = "";
        Supplier<byte[]> picture;
        long version;
    }

    private final Map<String, Row> rows = new TreeMap<>();
    private final Deque<Map<String, Object>> recent = new ArrayDeque<>();
    private final Metrics metrics;

    public FleetView(List<String> servers, Metrics metrics) {
        this.metrics = metrics;
        for (String s : servers) rows.put(s, new Row());
        publish();
    }

    /** What an event says about where its server stands; null when it does not change it. */
    static String stateOf(String kind) {
        return switch (kind) {
            case "looking", "interrupted", "health-failed" -> "looking";
            case "matched", "started", "step", "retrying" -> "recovering";
            case "healthy" -> "healthy";
            case "recovered" -> "recovered";
            case "gave-up", "abandoned", "stopped" -> "needs_person";
            case "flapping" -> "flapping";
            case "unreachable" -> "unreachable";
            case "unknown" -> "unknown";
            default -> null;
        };
    }

    synchronized void event(Instant at, String server, String kind, String line) {
        Row row = rows.computeIfAbsent(server, k -> new Row());
        String state = stateOf(kind);
        if (state != null) row.state = state;
        if (!kind.equals("step") || !line.isBlank()) row.doing = line;
        row.updated = at.toString();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time", at.toString());
        e.put("server", server);
        e.put("event", kind);
        e.put("text", line);
        recent.addFirst(e);
        while (recent.size() > RECENT) recent.removeLast();
        publish();
    }

    /** The screen of a server now: its text, and how to get its picture (read when the page asks). */
    synchronized void screen(String server, String text, Supplier<byte[]> picture) {
        Row row = rows.computeIfAbsent(server, k -> new Row());
        row.screenText = text == null ? "" : text;
        row.picture = picture;
        row.version++;
    }

    /** The picture of a file (a run folder's last-screen.png), read when asked. */
    static Supplier<byte[]> file(Path png) {
        return () -> {
            try {
                return Files.readAllBytes(png);
            } catch (java.io.IOException e) {
                return null;
            }
        };
    }

    synchronized byte[] picture(String server) {
        Row row = rows.get(server);
        return row == null || row.picture == null ? null : row.picture.get();
    }

    synchronized String text(String server) {
        Row row = rows.get(server);
        return row == null ? null : row.screenText;
    }

    /** Everything the page shows, as JSON-ready maps. */
    synchronized Map<String, Object> json() {
        List<Map<String, Object>> servers = new ArrayList<>();
        Map<String, Integer> counts = counts();
        rows.forEach((name, r) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("server", name);
            m.put("state", r.state);
            m.put("doing", r.doing);
            m.put("updated", r.updated);
            m.put("screen", r.picture != null && (r.state.equals("recovering") || r.state.equals("needs_person") || r.state.equals("flapping")));
            m.put("version", r.version);
            servers.add(m);
        });
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("counts", counts);
        json.put("servers", servers);
        json.put("recent", new ArrayList<>(recent));
        return json;
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : List.of("waiting", "looking", "healthy", "recovering", "recovered", "unknown", "needs_person", "flapping", "unreachable")) {
            counts.put(s, 0);
        }
        rows.values().forEach(r -> counts.merge(r.state, 1, Integer::sum));
        return counts;
    }

    private void publish() {
        if (metrics != null) metrics.states(counts());
    }
}
