package io.vaxiin.recording;

import groovy.json.JsonGenerator;
import io.vaxiin.connector.Frame;
import io.vaxiin.connector.TimeSource;
import io.vaxiin.dsl.Redactor;
import io.vaxiin.vision.TextReader;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a recording as it happens (the layout is in {@link Recording}): in memory for the run's
 * report, and in a folder too when one is given, line by line, so a run that is killed leaves
 * what it had seen. The connectors and the log write to it through {@link Recorders}. Every
 * text it keeps is masked with the run's secrets first.
 */
public final class RecordingWriter implements AutoCloseable {

    private static final JsonGenerator JSON = new JsonGenerator.Options().disableUnicodeEscaping().build();
    /** How long closing waits for the texts of the last frames to be read. */
    private static final long TEXT_DRAIN_SECONDS = 30;

    private final Path dir;
    private final TimeSource time;
    private final Redactor redactor;
    private final TextReader reader;
    private final long startNanos;
    private final Instant started;
    private final BufferedWriter out;
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Recording.Shot> frames = new LinkedHashMap<>();
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final ExecutorService textReading;
    private final List<AutoCloseable> samplers = new ArrayList<>();
    private long bytes;
    private boolean closed;
    private String problem;

    private RecordingWriter(Path dir, TimeSource time, Redactor redactor, TextReader reader) throws IOException {
        this.dir = dir;
        this.time = time;
        this.redactor = redactor;
        this.reader = reader;
        this.startNanos = time.nanoTime();
        this.started = time.instant();
        if (dir != null) {
            if (Files.exists(dir.resolve("events.jsonl"))) {
                throw new RecordingException(dir + " already holds a recording; give a new folder (nothing is overwritten)");
            }
            Files.createDirectories(dir.resolve("frames"));
            out = Files.newBufferedWriter(dir.resolve("events.jsonl"), StandardCharsets.UTF_8);
        } else {
            out = null;
        }
        textReading = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "recording: reading frames");
            t.setDaemon(true);
            return t;
        });
    }

    /** A recording kept in memory (for a report). */
    public static RecordingWriter inMemory(TimeSource time, Redactor redactor, TextReader reader) {
        try {
            return new RecordingWriter(null, time, redactor, reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A recording kept in memory and written to {@code dir} as it goes.
     *
     * @throws RecordingException when the folder holds a recording already or cannot be written
     */
    public static RecordingWriter toFolder(Path dir, TimeSource time, Redactor redactor, TextReader reader) {
        try {
            return new RecordingWriter(dir, time, redactor, reader);
        } catch (IOException e) {
            throw new RecordingException("cannot write a recording to " + dir + ": " + e.getMessage());
        }
    }

    /** The folder it writes to, or null. */
    public Path dir() { return dir; }

    public TimeSource time() { return time; }

    public Redactor redactor() { return redactor; }

    /** Seconds since the recording began. */
    double now() {
        return (time.nanoTime() - startNanos) / 1e9;
    }

    /** The time of something that happened at {@code at}, in seconds since the start (never before it). */
    double at(Instant at) {
        return at == null ? now() : Math.max(0, (at.toEpochMilli() - started.toEpochMilli()) / 1000.0);
    }

    /** When the recording began. */
    public Instant started() { return started; }

    /** Adds an event at the time now. */
    public void event(String kind, Map<String, Object> data) {
        event(now(), kind, data);
    }

    synchronized void event(double t, String kind, Map<String, Object> data) {
        if (closed) return;
        Event e = new Event(t, kind, data);
        events.add(e);
        if (out != null && problem == null) {
            try {
                String line = JSON.toJson(e.json());
                out.write(line);
                out.write('\n');
                out.flush();
                bytes += line.length() + 1;
            } catch (IOException ex) {
                problem = "the recording in " + dir + " stopped: " + ex.getMessage();
            }
        }
    }

    /**
     * Records {@code f} as the screen from its time on, writing its picture the first time that
     * picture is seen; the text is read in the background.
     *
     * @return the frame's ID
     */
    String frame(Frame f) {
        int[] rgb = FrameFiles.pixels(f.image());
        String id = FrameFiles.id(rgb, f.width(), f.height());
        boolean fresh;
        synchronized (this) {
            if (closed) return id;
            fresh = !frames.containsKey(id);
            if (fresh) frames.put(id, new Recording.Shot(id, f.width(), f.height(), null, ""));
        }
        if (fresh) {
            byte[] png = FrameFiles.png(rgb, f.width(), f.height());
            synchronized (this) {
                frames.put(id, new Recording.Shot(id, f.width(), f.height(), png, ""));
                // without a reader nothing can tell where a secret is: the picture is kept as it is
                if (reader == null) write(dir == null ? null : dir.resolve("frames").resolve(id + ".png"), png);
            }
            if (reader != null) {
                java.awt.image.BufferedImage image = f.image();
                textReading.submit(() -> readText(id, image, rgb, f.width(), f.height()));
            }
        }
        event(at(f.at()), "frame", Event.fields("frame", id, "width", f.width(), "height", f.height()));
        return id;
    }

    /**
     * Reads the text of a new frame, then keeps its picture: with each secret the text shows
     * covered ({@link io.vaxiin.dsl.SecretCover}), so no secret is kept, not even as pixels. The picture is
     * written only now, once it is known to hold none.
     */
    private void readText(String id, java.awt.image.BufferedImage image, int[] rgb, int width, int height) {
        String text;
        byte[] png = null;
        try {
            io.vaxiin.vision.ScreenText read = reader.read(image);
            String raw = read.text();
            text = redactor.mask(raw);
            List<int[]> spans = redactor.spans(raw);
            if (!spans.isEmpty()) {
                io.vaxiin.dsl.SecretCover.cover(rgb, width, height, read, spans);
                png = FrameFiles.png(rgb, width, height);
            }
        } catch (RuntimeException e) {
            text = "";
        }
        synchronized (this) {
            Recording.Shot shot = frames.get(id);
            if (png != null && shot != null) frames.put(id, new Recording.Shot(id, width, height, png, shot.text()));
            if (shot != null) write(dir == null ? null : dir.resolve("frames").resolve(id + ".png"), png != null ? png : shot.png());
            texts.put(id, text);
            write(dir == null ? null : dir.resolve("frames").resolve(id + ".txt"), (text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private void write(Path file, byte[] content) {
        if (file == null || problem != null) return;
        try {
            Files.write(file, content);
            bytes += content.length;
        } catch (IOException e) {
            problem = "the recording in " + dir + " stopped: " + e.getMessage();
        }
    }

    /** Text with the run's secrets masked. */
    String mask(String text) {
        return text == null ? null : redactor.mask(text);
    }

    synchronized void sampler(AutoCloseable s) {
        samplers.add(s);
    }

    /** The bytes written to the folder so far. */
    public synchronized long bytes() { return bytes; }

    /** Why the folder stopped being written (a full disk), or null. */
    public synchronized String problem() { return problem; }

    /** The recording as it stands: events and frames with their texts as far as they were read. */
    public synchronized Recording recording() {
        Map<String, Recording.Shot> shots = new LinkedHashMap<>();
        frames.forEach((id, s) -> shots.put(id, new Recording.Shot(id, s.width(), s.height(), s.png(), texts.getOrDefault(id, ""))));
        return new Recording(dir, events, shots);
    }

    /** Ends the recording: {@code outcome} and {@code message} as the run ended; then stops recording. */
    public void end(String outcome, String message, String location) {
        stopSamplers();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("outcome", outcome);
        data.put("message", mask(message));
        data.put("location", location == null ? "" : location);
        event("end", data);
    }

    private void stopSamplers() {
        List<AutoCloseable> all;
        synchronized (this) {
            all = new ArrayList<>(samplers);
            samplers.clear();
        }
        for (AutoCloseable s : all) {
            try {
                s.close();
            } catch (Exception ignored) {
                // a sampler that cannot stop cleanly only loses frames after the end
            }
        }
    }

    /** Stops the samplers, waits for the last texts to be read, and closes the file. */
    @Override
    public void close() {
        stopSamplers();
        textReading.shutdown();
        try {
            textReading.awaitTermination(TEXT_DRAIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    if (problem == null) problem = "the recording in " + dir + " was not closed: " + e.getMessage();
                }
            }
        }
    }
}
