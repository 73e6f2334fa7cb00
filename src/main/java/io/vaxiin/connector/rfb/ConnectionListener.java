package io.vaxiin.connector.rfb;

/**
 * Told when a console's connection drops and comes back, so the engine can log it. Called on
 * the console's reader thread: return quickly and do not call back into the console.
 */
@FunctionalInterface
public interface ConnectionListener {

    /** Does nothing; the default. */
    ConnectionListener NONE = event -> { };

    void onEvent(ConnectionEvent event);
}
