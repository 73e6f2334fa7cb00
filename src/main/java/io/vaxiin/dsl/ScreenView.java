package io.vaxiin.dsl;

import io.vaxiin.connector.Console;
import io.vaxiin.connector.Frame;
import io.vaxiin.connector.TimeSource;
import io.vaxiin.vision.ScreenText;
import io.vaxiin.vision.TextReader;

import java.time.Duration;

/**
 * The console's screen as text: reads a frame only once per version (an unchanged screen is not
 * read again) and waits for the screen to settle, so a rule never judges a half-drawn screen.
 */
public final class ScreenView {

    /** How long to wait for the first frame of a console. */
    static final Duration FIRST_FRAME = Duration.ofSeconds(20);

    private final Console console;
    private final TextReader reader;
    private final Duration settle;
    private final TimeSource time;
    private long readVersion = Long.MIN_VALUE;
    private Screen read;

    ScreenView(Console console, TextReader reader, Duration settle, TimeSource time) {
        this.time = time;
        this.console = console;
        this.reader = reader;
        this.settle = settle;
    }

    /** The newest frame. */
    public synchronized Frame frame() {
        return console.frame(FIRST_FRAME);
    }

    /** The text of the newest frame. */
    public synchronized Screen now() {
        return textOf(frame());
    }

    /** The version of the last frame read. */
    public synchronized long version() { return readVersion; }

    /**
     * Waits up to {@code timeout} for a frame newer than {@code sinceVersion}, then until the screen
     * has been still for the settle time (bounded by the same timeout), and returns it.
     *
     * @return the new frame, or the current one if nothing changed in time
     */
    public Frame awaitChange(long sinceVersion, Duration timeout) throws InterruptedException {
        long deadline = time.nanoTime() + timeout.toNanos();
        Frame f = console.awaitChange(sinceVersion, timeout);
        if (f.version() == sinceVersion) return f;
        while (!settle.isZero()) {
            long left = deadline - time.nanoTime();
            if (left <= 0) break;
            Frame next = console.awaitChange(f.version(), Duration.ofNanos(Math.min(left, settle.toNanos())));
            if (next.version() == f.version()) break;
            f = next;
        }
        return f;
    }

    /** The text of {@code f}, read once per version. */
    public synchronized Screen textOf(Frame f) {
        if (f.version() != readVersion || read == null) {
            ScreenText text = reader == null ? ScreenText.EMPTY : reader.read(f.image());
            read = new Screen(text);
            readVersion = f.version();
        }
        return read;
    }
}
