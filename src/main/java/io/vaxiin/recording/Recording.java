package io.vaxiin.recording;

import groovy.json.JsonSlurper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recording of a server's consoles and of what was done to it, as {@code vaxiin run --record
 * DIR} writes it and {@code vaxiin test --replay DIR} plays it. The layout of DIR:
 * <pre>
 * events.jsonl          one JSON object per line, in the order things happened
 * frames/ID.png         each distinct screen once, named by its content
 * frames/ID.txt         the text read from it (secrets masked)
 * </pre>
 * Every event has {@code t} (seconds since the start) and {@code event}, one of:
 * <ul>
 * <li>{@code start}: {@code format} ("vaxiin-recording 1"), {@code started} (ISO time), {@code target},
 *     {@code vendor}, {@code model}, and per connector its description or null: {@code console},
 *     {@code serial}, {@code power} (with {@code powerActions}), {@code boot}</li>
 * <li>{@code frame}: the screen became {@code frame} (an ID), {@code width} × {@code height}</li>
 * <li>{@code serial}: the serial console's text, kept to {@code keep} characters, went on with {@code text}</li>
 * <li>{@code type} ({@code text}) and {@code press} ({@code keys}): keys sent {@code on} the console or the
 *     serial console, answering {@code frame}; a secret typed is {@code ****}</li>
 * <li>{@code power} ({@code action}) and {@code boot} ({@code device}, {@code once}), answering {@code frame};
 *     then {@code power-done} / {@code boot-done} with {@code error} (null, or {@code kind} and {@code message})</li>
 * <li>{@code power-state} ({@code state}) and {@code boot-state} ({@code device}, {@code once}): what the BMC
 *     reported, each time it differed from the last report</li>
 * <li>{@code log} ({@code level} step or warn, {@code text}): the run's log</li>
 * <li>{@code end}: {@code outcome}, {@code message}, {@code location}</li>
 * </ul>
 * A reader ignores fields and kinds it does not know, so the format can grow.
 */
public final class Recording {

    /** The value of the start event's {@code format}. */
    public static final String FORMAT = "vaxiin-recording 1";

    /** One distinct screen: its picture as PNG and the text read from it. */
    public record Shot(String id, int width, int height, byte[] png, String text) {}

    private final Path dir;
    private final List<Event> events;
    private final Map<String, Shot> frames;

    Recording(Path dir, List<Event> events, Map<String, Shot> frames) {
        this.dir = dir;
        this.events = List.copyOf(events);
        this.frames = Collections.unmodifiableMap(new LinkedHashMap<>(frames));
    }

    /** Where it was read from or written to; null when it was kept in memory only. */
    public Path dir() { return dir; }

    public List<Event> events() { return events; }

    /** The frame named {@code id}, or null. */
    public Shot frame(String id) { return id == null ? null : frames.get(id); }

    public Map<String, Shot> frames() { return frames; }

    /** The start event, or null when the recording has none. */
    public Event start() {
        return events.isEmpty() || !events.get(0).kind().equals("start") ? null : events.get(0);
    }

    /** The time of its last event, in seconds. */
    public double length() {
        double t = 0;
        for (Event e : events) t = Math.max(t, e.t());
        return t;
    }

    /**
     * Reads the recording in {@code dir}.
     *
     * @throws RecordingException naming the file and line when it is not a recording or is damaged
     */
    public static Recording read(Path dir) {
        Path file = dir.resolve("events.jsonl");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new RecordingException(dir + " is not a recording (it has no events.jsonl)");
        } catch (IOException e) {
            throw new RecordingException("cannot read " + file + ": " + e.getMessage());
        }
        List<Event> events = new ArrayList<>();
        Map<String, Shot> frames = new LinkedHashMap<>();
        JsonSlurper json = new JsonSlurper();
        boolean ended = lines.stream().anyMatch(l -> l.contains("\"event\":\"end\""));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            Object parsed;
            try {
                parsed = json.parseText(line);
            } catch (RuntimeException e) {
                throw new RecordingException(file + ", line " + (i + 1) + ": not JSON (" + firstLine(e.getMessage()) + ")");
            }
            if (!(parsed instanceof Map<?, ?> map) || !(map.get("event") instanceof String kind) || !(map.get("t") instanceof Number t)) {
                throw new RecordingException(file + ", line " + (i + 1) + ": an event needs \"t\" (seconds) and \"event\" (a name)");
            }
            Map<String, Object> data = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!k.equals("t") && !k.equals("event")) data.put(k.toString(), v);
            });
            Event event = new Event(t.doubleValue(), kind, data);
            if (i == 0 && (!kind.equals("start") || !FORMAT.equals(event.text("format")))) {
                throw new RecordingException(file + ", line 1: not a recording of this version (it should start with a start event of format '"
                        + FORMAT + "')");
            }
            if (kind.equals("frame")) {
                String id = event.text("frame");
                if (id == null || !id.matches("[0-9a-f]{12}")) throw new RecordingException(file + ", line " + (i + 1) + ": a frame event needs \"frame\": an ID of 12 hex digits");
                if (!frames.containsKey(id)) {
                    Shot shot = shot(dir, id, file, i + 1, ended);
                    if (shot == null) break; // a run killed before it kept this picture: the recording ends here
                    frames.put(id, shot);
                }
            }
            events.add(event);
        }
        if (events.isEmpty()) throw new RecordingException(file + " is empty");
        return new Recording(dir, events, frames);
    }

    /**
     * The frame {@code id} of the folder. A picture is written once its text is read (and its secrets
     * covered), just after its event: a recording without an end event (its run was killed) may
     * lack the last ones, and is then read up to there (null); a finished one may not.
     */
    private static Shot shot(Path dir, String id, Path file, int line, boolean ended) {
        Path png = dir.resolve("frames").resolve(id + ".png");
        try {
            byte[] bytes = Files.readAllBytes(png);
            java.awt.image.BufferedImage image = FrameFiles.read(bytes, png.toString());
            Path txt = dir.resolve("frames").resolve(id + ".txt");
            String text = Files.isRegularFile(txt) ? Files.readString(txt, StandardCharsets.UTF_8) : "";
            return new Shot(id, image.getWidth(), image.getHeight(), bytes, text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        } catch (NoSuchFileException e) {
            if (!ended) return null;
            throw new RecordingException(file + ", line " + line + ": the frame " + id + " is missing (" + png + ")");
        } catch (IOException | IllegalArgumentException e) {
            throw new RecordingException(file + ", line " + line + ": the frame " + png + " cannot be read: " + e.getMessage());
        }
    }

    /** The picture of a frame, as a live console gives it. */
    public static java.awt.image.BufferedImage image(Shot shot) {
        return FrameFiles.read(shot.png(), shot.id() + ".png");
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
