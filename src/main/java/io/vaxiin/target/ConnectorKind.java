package io.vaxiin.target;

import java.util.Map;

/**
 * One kind of connector as target URIs name it: the schemes it reads and the role each fills,
 * and how to connect. Adding a connector to Vaxiin is one implementation of this beside its
 * package under {@code connector/}, listed in {@link Targets#KINDS}.
 */
interface ConnectorKind {

    /** The schemes this kind reads ("vnc", "ws"), each with the role its URIs fill. */
    Map<String, Role> schemes();

    /**
     * Reads the URI (and the endpoint's credentials) into a connection not yet made, so that
     * every URI of a target is checked before anything connects.
     *
     * @throws IllegalArgumentException with a sentence when the URI is wrong
     */
    Connection prepare(String uri, Endpoint endpoint);

    /** A connection ready to be made. */
    @FunctionalInterface
    interface Connection {
        /** Connects; a {@link io.vaxiin.connector.ConnectorException} when it cannot. */
        Opened connect();
    }
}
