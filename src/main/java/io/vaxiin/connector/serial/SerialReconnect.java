package io.vaxiin.connector.serial;

import java.time.Duration;
import java.util.Objects;

/**
 * How a serial console reconnects after its connection drops: up to {@code maxAttempts}
 * attempts, the first after {@code initialBackoff}, each later one waiting twice as long (at most
 * {@code maxBackoff}), and all of it, waits and connection attempts, within {@code maxTotal} of the
 * loss: an attempt that could not start in time is not made.
 *
 * @param maxAttempts    attempts before giving up, 0..1000; 0 means never reconnect
 * @param initialBackoff wait before the first attempt
 * @param maxBackoff     longest wait between attempts
 * @param maxTotal       the longest reconnecting may take, from the loss to giving up
 */
public record SerialReconnect(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotal) {

    /** Three attempts, after 0.5 s, 1 s and 2 s, all within 30 s. */
    public static final SerialReconnect DEFAULT = new SerialReconnect(3, Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(30));

    /** A dropped connection is final: calls raise UNREACHABLE at once. */
    public static final SerialReconnect NEVER = new SerialReconnect(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** Checks the values. */
    public SerialReconnect {
        if (maxAttempts < 0 || maxAttempts > 1000) throw new IllegalArgumentException("maxAttempts must be 0..1000: " + maxAttempts);
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxTotal, "maxTotal");
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxTotal.isNegative()) {
            throw new IllegalArgumentException("reconnect waits must not be negative");
        }
    }

    /** The wait before attempt {@code attempt} (1-based). */
    public Duration backoff(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
