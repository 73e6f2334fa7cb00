package io.vaxiin.sandbox.rfb;

/**
 * Told of every KeyEvent a client of an {@link RfbServer} sends. Called on that client's thread,
 * one event at a time per client, in the order sent.
 */
@FunctionalInterface
public interface KeyListener {

    /** Ignores keys. */
    KeyListener NONE = (keysym, down) -> { };

    /**
     * @param keysym the X11 keysym ({@code 0xff0d} Return, {@code 'a'}, {@code 0xffe3} Control_L)
     * @param down   true when the key goes down, false when it comes up
     */
    void key(int keysym, boolean down);
}
