package io.vaxiin.target;

import java.util.Map;

/**
 * One kind of connector as target URIs name it: the schemes it reads and the role each fills,
 * and how to connect. Adding a connector to Vaxiin is one implementation of this beside its
 * package under {@code connector/}, listed in {@link Targets#KINDS}.
 */
interface ConnectorKind {

    /** The schemes this kind reads ("vnc", "ws"), each with the role its URIs fill, in the order messages list them. */
    Map<String, Role> schemes();

    /** An ordered map of scheme, role, scheme, role… for {@link #schemes}. */
    static Map<String, Role> ordered(Object... schemeRolePairs) {
        Map<String, Role> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < schemeRolePairs.length; i += 2) m.put((String) schemeRolePairs[i], (Role) schemeRolePairs[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }

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
