package io.vaxiin.connector.rfb;

/**
 * A change of a console's connection.
 *
 * @param type        what happened
 * @param console     the console's description, "VNC at 10.0.0.5:5900" (never a secret)
 * @param reason      why the connection was lost or why reconnecting failed; empty when reconnected
 * @param attempt     the reconnection attempt this event is about (1-based), 0 when not applicable
 * @param maxAttempts how many attempts the reconnect policy allows
 */
public record ConnectionEvent(Type type, String console, String reason, int attempt, int maxAttempts) {

    /** What happened to the connection. */
    public enum Type {
        /** The connection dropped (or an attempt failed) and the console tries again. */
        RECONNECTING,
        /** A new connection is up; frames and keys work again. */
        RECONNECTED,
        /** Every attempt failed; the console's calls now raise an UNREACHABLE ConnectorException. */
        GAVE_UP
    }

    /** One line for a log: "VNC at 10.0.0.5:5900: connection lost (reset by peer), reconnecting (attempt 1/3)". */
    public String message() {
        return switch (type) {
            case RECONNECTING -> console + ": connection lost (" + reason + "), reconnecting (attempt "
                    + attempt + "/" + maxAttempts + ")";
            case RECONNECTED -> console + ": reconnected";
            case GAVE_UP -> console + ": connection lost (" + reason + "), gave up after " + maxAttempts
                    + (maxAttempts == 1 ? " attempt" : " attempts");
        };
    }

    @Override
    public String toString() {
        return message();
    }
}
