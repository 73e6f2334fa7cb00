package io.vaxiin.connector.serial;

/**
 * Told when a serial console's connection drops and comes back, so the engine can log it.
 * Called on the console's reader thread: return quickly and do not call back into the console.
 * An exception it throws is ignored.
 */
@FunctionalInterface
public interface SerialListener {

    /** Does nothing; the default. */
    SerialListener NONE = event -> { };

    /** One change of the connection. */
    void onEvent(SerialEvent event);
}
