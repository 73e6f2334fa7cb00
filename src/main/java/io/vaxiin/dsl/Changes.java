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
    private long screenVersion = Long.MIN_VALUE;
    private long serialVersion = Long.MIN_VALUE;

    Changes(Session session) {
        this.screen = session.screen();
        this.serial = session.serial();
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

    /**
     * Waits up to {@code timeout} for the screen or the serial text to change.
     *
     * @return true when something changed
     */
    boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (screen == null && serial == null) {
            Thread.sleep(Math.max(0, timeout.toMillis()));
            return false;
        }
        while (true) {
            long left = deadline - System.nanoTime();
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
                    serialVersion = t.version();
                    return true;
                }
            }
        }
    }
}
