package io.vaxiin.connector;

import java.time.Duration;

/**
 * A KVM console: what a person sees and types on. Implementations keep their own connection
 * (and reconnect when it drops); every call that waits takes a timeout.
 */
public interface Console extends AutoCloseable {

    /**
     * The newest frame, waiting up to {@code timeout} for the first one after connecting.
     *
     * @throws ConnectorException when no frame arrives in time or the connection failed
     */
    Frame frame(Duration timeout);

    /**
     * Waits until the console shows a frame newer than {@code sinceVersion}.
     *
     * @return the newer frame, or the current frame (same version) when {@code timeout} passes
     * @throws InterruptedException when the waiting thread is interrupted
     */
    Frame awaitChange(long sinceVersion, Duration timeout) throws InterruptedException;

    /** Presses and releases one key or key combination (modifiers held while the key goes down). */
    void press(KeyCombo keys);

    /** Types text as a keyboard would, with the shift state each character needs; {@code \n} is Enter. */
    void type(String text);

    /** Where this console is, for messages: "VNC at 10.0.0.5:5900". Never contains a secret. */
    String describe();

    @Override
    void close();
}
