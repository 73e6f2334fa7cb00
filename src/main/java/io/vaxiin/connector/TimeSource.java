package io.vaxiin.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Where a run's waits and deadlines take their time from. A live run uses {@link #SYSTEM}; a
 * replay of a recording uses a source whose time jumps ahead whenever a wait would otherwise
 * block for nothing, so ten recorded minutes replay in seconds, deadlines and all.
 */
public interface TimeSource {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
    long nanoTime();

    /** Waits {@code nanos}; a source with virtual time returns at once with its time moved on. */
    void sleep(long nanos) throws InterruptedException;

    /** The wall-clock time now, as this source counts it. */
    Instant instant();

    default void sleep(Duration d) throws InterruptedException {
        sleep(d.toNanos());
    }

    /** This source as a {@link Clock} (for timestamps in the log). */
    default Clock clock(ZoneId zone) {
        TimeSource self = this;
        return new Clock() {
            @Override public ZoneId getZone() { return zone; }
            @Override public Clock withZone(ZoneId z) { return self.clock(z); }
            @Override public Instant instant() { return self.instant(); }
        };
    }

    /** Real time. */
    TimeSource SYSTEM = new TimeSource() {
        @Override public long nanoTime() { return System.nanoTime(); }

        @Override public void sleep(long nanos) throws InterruptedException {
            if (nanos > 0) Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }

        @Override public Instant instant() { return Instant.now(); }

        @Override public Clock clock(ZoneId zone) { return zone.equals(ZoneOffset.UTC) ? Clock.systemUTC() : Clock.system(zone); }

        @Override public String toString() { return "system time"; }
    };
}
