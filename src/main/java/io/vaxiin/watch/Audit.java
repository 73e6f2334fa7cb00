package io.vaxiin.watch;

import groovy.json.JsonGenerator;
import groovy.json.JsonSlurper;
import io.vaxiin.dsl.Redactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watch mode's audit log: one JSON object per line, appended and forced to the disk before the
 * next thing is done, so a machine that dies leaves every event it had logged. Each event has
 * {@code time} (ISO-8601), {@code server}, {@code event} (looked, healthy, matched, started,
 * step, ended, retrying, gave-up, unreachable, …) and what goes with it; every text in it is
 * masked with the run's secrets. Enough to answer "what did Vaxiin do to db-07 last night, and why".
 */
public final class Audit implements AutoCloseable {

    private static final JsonGenerator JSON = new JsonGenerator.Options().disableUnicodeEscaping().build();

    private final Path file;
    private final FileChannel channel;
    private final Redactor redactor;
    private final Clock clock;

    private Audit(Path file, FileChannel channel, Redactor redactor, Clock clock) {
        this.file = file;
        this.channel = channel;
        this.redactor = redactor;
        this.clock = clock;
    }

    /** Opens {@code file} for appending (made owner-only when new). */
    public static Audit open(Path file, Redactor redactor, Clock clock) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            boolean fresh = !Files.exists(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            if (fresh) {
                try {
                    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: its own permissions stand
                }
            }
            return new Audit(file, channel, redactor, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() { return file; }

    /**
     * Appends one event and forces it to the disk. {@code fields} are name, value pairs; strings
     * are masked.
     */
    public synchronized void event(String server, String event, Object... fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("server", server);
        line.put("event", event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            Object v = fields[i + 1];
            if (v == null) continue;
            line.put(fields[i].toString(), v instanceof CharSequence s ? redactor.mask(s) : v);
        }
        byte[] bytes = (JSON.toJson(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // every event was forced to the disk when it was written
        }
    }

    /** The events of {@code file}, oldest first, those of {@code server} only when it is not null; a torn last line is left out. */
    public static List<Map<String, Object>> read(Path file, String server) throws IOException {
        List<Map<String, Object>> events = new ArrayList<>();
        JsonSlurper json = new JsonSlurper();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            Object parsed;
            try {
                parsed = json.parseText(line);
            } catch (RuntimeException e) {
                continue; // a line cut short when the machine died
            }
            if (parsed instanceof Map<?, ?> m && (server == null || server.equals(m.get("server")))) {
                Map<String, Object> event = new LinkedHashMap<>();
                m.forEach((k, v) -> event.put(String.valueOf(k), v));
                events.add(event);
            }
        }
        return events;
    }
}
