package io.vaxiin.dsl;

import java.time.Duration;

/**
 * Lets scripts write durations as {@code 5.seconds}, {@code 2.minutes}, {@code 1.hour},
 * {@code 500.milliseconds}. Registered as a Groovy extension module
 * ({@code META-INF/groovy/org.codehaus.groovy.runtime.ExtensionModule}), the way Groovy's own
 * {@code TimeCategory} words are offered, without patching any metaClass.
 */
public final class DurationExtension {

    private DurationExtension() {}

    /** Unit names a script may use after a number, for {@code check}'s messages. */
    public static final java.util.List<String> UNITS = java.util.List.of(
            "millisecond", "milliseconds", "second", "seconds", "minute", "minutes", "hour", "hours");

    public static Duration getMilliseconds(Number n) { return of(n, 1); }
    public static Duration getMillisecond(Number n) { return of(n, 1); }
    public static Duration getSeconds(Number n) { return of(n, 1_000); }
    public static Duration getSecond(Number n) { return of(n, 1_000); }
    public static Duration getMinutes(Number n) { return of(n, 60_000); }
    public static Duration getMinute(Number n) { return of(n, 60_000); }
    public static Duration getHours(Number n) { return of(n, 3_600_000); }
    public static Duration getHour(Number n) { return of(n, 3_600_000); }

    /** {@code n} of {@code unit} ("seconds", "minutes", … as in {@link #UNITS}). */
    public static Duration of(Number n, String unit) {
        return switch (unit) {
            case "millisecond", "milliseconds" -> of(n, 1);
            case "second", "seconds" -> of(n, 1_000);
            case "minute", "minutes" -> of(n, 60_000);
            default -> of(n, 3_600_000);
        };
    }

    private static Duration of(Number n, long millisPerUnit) {
        double millis = n.doubleValue() * millisPerUnit;
        if (millis < 0 || Double.isNaN(millis)) {
            throw new IllegalArgumentException("a duration cannot be negative: " + n);
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000d));
    }

    /** "90 seconds", "2 minutes", "1.5 seconds": how messages show a duration. */
    public static String describe(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return plural(ms / 3_600_000, "hour");
        if (ms % 60_000 == 0 && ms > 0) return plural(ms / 60_000, "minute");
        if (ms % 1_000 == 0) return plural(ms / 1_000, "second");
        if (ms < 1_000) return plural(ms, "millisecond");
        return (ms / 1000.0) + " seconds";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
