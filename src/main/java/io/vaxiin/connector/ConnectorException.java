package io.vaxiin.connector;

/**
 * The one exception family of every connector. It carries what a person needs to act on a
 * failure: which target (host and port), which protocol, in which phase, and what kind of
 * failure it is, so the CLI can pick the exit code and print one line.
 */
public class ConnectorException extends RuntimeException {

    /** What went wrong, as far as the caller needs to decide what to do next. */
    public enum Kind {
        /** Nothing answered, or the connection broke: exit code 3. */
        UNREACHABLE,
        /** The target refused the credentials: exit code 3. */
        AUTHENTICATION,
        /** The peer sent something this client cannot accept (malformed message, unsupported version). */
        PROTOCOL,
        /** The target answered with an error to a request (HTTP 4xx/5xx, an action it does not allow). */
        REFUSED,
        /** The target said yes and then its state did not follow within the timeout. */
        NOT_VERIFIED
    }

    private final String endpoint;
    private final String protocol;
    private final String phase;
    private final Kind kind;

    public ConnectorException(Kind kind, String endpoint, String protocol, String phase, String message) {
        this(kind, endpoint, protocol, phase, message, null);
    }

    public ConnectorException(Kind kind, String endpoint, String protocol, String phase, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.endpoint = endpoint;
        this.protocol = protocol;
        this.phase = phase;
    }

    /** Host and port (or URL without credentials) the connector talked to. */
    public String endpoint() { return endpoint; }

    /** Protocol name as a person reads it: "VNC", "Redfish", "IPMI". */
    public String protocol() { return protocol; }

    /** What was being done: "connect", "authentication", "frame update", "reset". */
    public String phase() { return phase; }

    public Kind kind() { return kind; }

    /** True when the target could not be reached or refused the credentials (exit code 3). */
    public boolean isReachability() {
        return kind == Kind.UNREACHABLE || kind == Kind.AUTHENTICATION;
    }
}
