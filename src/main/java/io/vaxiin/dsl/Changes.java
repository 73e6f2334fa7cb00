package io.vaxiin.dsl;

import io.vaxiin.connector.Frame;
import io.vaxiin.connector.Serial;

import java.time.Duration;

/**
 * Waits for the next change of what a script looks at: the console's screen or the serial
 * console's text, whichever the target has. Keeps the versions it has seen.
 */
final class Changes {

    /** A wait on two sources alternates in slices this long, so neither is starved. */
    private static final Duration SLICE = Duration.ofMillis(50);

    private final ScreenView screen;
    private final Serial serial;
    private final Duration settle;
    private final io.vaxiin.connector.TimeSource time;
    private long screenVersion = Long.MIN_VALUE;
    private long serialVersion = Long.MIN_VALUE;

    Changes(Session session) {
        this.screen = session.screen();
        this.serial = session.serial();
        this.settle = session.settle();
        this.time = session.time();
    }

    /** A number that changes whenever the screen or the serial text changed. */
    long version() {
        return screenVersion * 31 + serialVersion;
    }

    /** The version of the screen last seen (Long.MIN_VALUE without a screen). */
    long screenVersion() {
        return screenVersion;
    }

    /**
     * Looks at the current state once, then returns whether it is new since the last call.
     * The first call always says it is new.
     */
    boolean poll() {
        boolean changed = false;
        if (screen != null) {
            Frame f = screen.frame();
            changed |= f.version() != screenVersion;
            screenVersion = f.version();
        }
        if (serial != null) {
            long v = serial.recent().version();
            changed |= v != serialVersion;
            serialVersion = v;
        }
        return changed;
    }

    /** New serial text is judged once the stream has been quiet for the settle time, or after this at most. */
    private static final Duration SERIAL_SETTLE_MAX = Duration.ofSeconds(1);

    /**
     * Waits for a burst of serial text to end (quiet for the settle time, at most a second, never
     * past {@code deadline}), so a message printed in pieces (a panic's first line and its
     * trailer) is judged whole, as a half-drawn screen is not judged.
     */
    private Serial.Text settled(Serial.Text t, long deadline) throws InterruptedException {
        if (settle.isZero()) return t;
        long until = Math.min(deadline, time.nanoTime() + SERIAL_SETTLE_MAX.toNanos());
        while (true) {
            long left = until - time.nanoTime();
            if (left <= 0) return t;
            Serial.Text next = serial.awaitChange(t.version(), Duration.ofNanos(Math.min(left, settle.toNanos())));
            if (next.version() == t.version()) return t;
            t = next;
        }
    }

    /**
     * Waits up to {@code timeout} for the screen or the serial text to change.
     *
     * @return true when something changed
     */
    boolean await(Duration timeout) throws InterruptedException {
        long deadline = time.nanoTime() + timeout.toNanos();
        if (screen == null && serial == null) {
            time.sleep(timeout);
            return false;
        }
        while (true) {
            long left = deadline - time.nanoTime();
            if (left <= 0) return false;
            boolean both = screen != null && serial != null;
            Duration slice = both ? Duration.ofNanos(Math.min(left, SLICE.toNanos())) : Duration.ofNanos(left);
            if (screen != null) {
                Frame f = screen.awaitChange(screenVersion, slice);
                if (f.version() != screenVersion) {
                    screenVersion = f.version();
                    return true;
                }
            }
            if (serial != null) {
                Serial.Text t = serial.awaitChange(serialVersion, both ? Duration.ZERO : slice);
                if (t.version() != serialVersion) {
                    serialVersion = settled(t, deadline).version();
                    return true;
                }
            }
        }
    }
}
