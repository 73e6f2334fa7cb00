package io.vaxiin.replay;

import io.vaxiin.connector.TimeSource;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A replay's time: it runs as real time does, and jumps ahead whenever the script would wait
 * for something the recording says comes later (or never), so a replay takes as long as the
 * script's own work, not as long as the recorded server took. Its wall clock starts at the
 * recording's start, so a replay's log reads with the recorded times.
 */
public final class VirtualTime implements TimeSource {

    private final long baseNanos = System.nanoTime();
    private final Instant baseInstant;
    private final AtomicLong skipped = new AtomicLong();

    public VirtualTime(Instant start) {
        this.baseInstant = start;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() + skipped.get();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        if (nanos > 0) skipped.addAndGet(nanos);
    }

    /** Moves the time on to {@code nanos} (a {@link #nanoTime()} value), if it is not there yet. */
    public void advanceTo(long nanos) {
        long now = nanoTime();
        if (nanos > now) skipped.addAndGet(nanos - now);
    }

    /** How far the time has jumped ahead of real time, in nanoseconds. */
    public long skipped() {
        return skipped.get();
    }

    @Override
    public Instant instant() {
        return baseInstant.plusNanos(nanoTime() - baseNanos);
    }

    @Override
    public String toString() {
        return "virtual time";
    }
}
