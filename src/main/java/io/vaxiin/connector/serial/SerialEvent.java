package io.vaxiin.connector.serial;

/**
 * A change of a serial console's connection, for the run log.
 *
 * @param type        what happened
 * @param console     the console's description, "TCP serial at 10.0.0.9:4555" (never a secret)
 * @param reason      for RECONNECTING, why the connection was lost (attempt 1) or why the last attempt
 *                    failed; for GAVE_UP, why the last attempt failed (or why the connection was lost,
 *                    when none was made); empty for RECONNECTED
 * @param attempt     the attempt this event is about (1-based); for GAVE_UP the attempts made
 * @param maxAttempts how many attempts the reconnect policy allows (0: reconnecting is off)
 */
public record SerialEvent(Type type, String console, String reason, int attempt, int maxAttempts) {

    /** What happened to the connection. */
    public enum Type {
        /** The connection dropped (or an attempt failed) and the console tries again. */
        RECONNECTING,
        /** A new connection is up; text and keys flow again. */
        RECONNECTED,
        /** No attempt is left; the console's calls now raise an UNREACHABLE ConnectorException. */
        GAVE_UP
    }

    /**
     * One line for a log: "TCP serial at 127.0.0.1:4555: connection closed by the peer,
     * reconnecting (attempt 1/3)", "…: reconnected (attempt 2/3)", "…: connection refused, gave up
     * after 3 attempts".
     */
    public String message() {
        return switch (type) {
            case RECONNECTING -> console + ": " + reason + ", reconnecting (attempt " + attempt + "/" + maxAttempts + ")";
            case RECONNECTED -> console + ": reconnected (attempt " + attempt + "/" + maxAttempts + ")";
            case GAVE_UP -> maxAttempts == 0
                    ? console + ": " + reason + ", not reconnecting (reconnecting is off)"
                    : console + ": " + reason + ", gave up after " + attempt + (attempt == 1 ? " attempt" : " attempts");
        };
    }

    @Override
    public String toString() {
        return message();
    }
}
