package io.vaxiin.recording;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of a recording's {@code events.jsonl}: when it happened (seconds since the recording
 * began), what happened ({@code kind}) and its fields. The kinds and their fields are listed in
 * {@link Recording}.
 */
public record Event(double t, String kind, Map<String, Object> data) {

    public Event {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** Fields in the order given: key, value, key, value… (the order they are written in). */
    public static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) m.put(keysAndValues[i].toString(), keysAndValues[i + 1]);
        return m;
    }

    /** A field as text, or null. */
    public String text(String key) {
        Object v = data.get(key);
        return v == null ? null : v.toString();
    }

    public boolean flag(String key) {
        return Boolean.TRUE.equals(data.get(key)) || "true".equals(data.get(key));
    }

    /** The event as the JSON object of its line: {@code t} and {@code event} first, then the fields. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", Math.round(t * 1000) / 1000.0);
        m.put("event", kind);
        m.putAll(data);
        return m;
    }

    /** "0:42.3": the time as a person reads it in a report or a message. */
    public String clock() {
        return clock(t);
    }

    public static String clock(double seconds) {
        long tenths = Math.round(seconds * 10);
        long minutes = tenths / 600;
        return minutes + ":" + String.format("%04.1f", (tenths % 600) / 10.0);
    }
}
