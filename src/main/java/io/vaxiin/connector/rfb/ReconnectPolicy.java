package io.vaxiin.connector.rfb;

import java.time.Duration;
import java.util.Objects;

/**
 * How a console reconnects after its connection drops: up to {@code maxAttempts} attempts, the
 * first after {@code initialBackoff}, each later one waiting twice as long, at most {@code maxBackoff}.
 *
 * @param maxAttempts    attempts before giving up; 0 means never reconnect
 * @param initialBackoff wait before the first attempt
 * @param maxBackoff     longest wait between attempts
 */
public record ReconnectPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Three attempts, after 0.5 s, 1 s and 2 s. */
    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(5));

    /** A dropped connection is final: calls raise UNREACHABLE at once. */
    public static final ReconnectPolicy NEVER = new ReconnectPolicy(0, Duration.ZERO, Duration.ZERO);

    public ReconnectPolicy {
        if (maxAttempts < 0 || maxAttempts > 1000) throw new IllegalArgumentException("maxAttempts must be 0..1000: " + maxAttempts);
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) throw new IllegalArgumentException("backoff must not be negative");
    }

    /** The wait before attempt {@code attempt} (1-based). */
    public Duration backoff(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
