package io.vaxiin.sandbox.serial;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The simulated machine's first serial port (COM1, Linux's ttyS0) as the BMC and the sandbox's
 * TCP port see it: the bytes the machine sends on it, and the bytes typed into it.
 *
 * <p>The machine {@link #print}s text with {@code \n} line ends; the line carries it as a UART
 * would carry a terminal's output, with CR LF, in UTF-8. Each peer that {@link #listen}s gets
 * the bytes from that moment on (a serial line keeps no history). What a peer {@link #type}s
 * goes to the machine's input, from any peer, in the order it arrives.
 *
 * <p>Listeners are called on the machine's thread, so they must hand the bytes on and return
 * (queue them, never block on a socket).
 */
public final class SerialLine {

    /** A peer's hold on the line's output; closing it stops the bytes. */
    public interface Listening extends AutoCloseable {
        @Override
        void close();
    }

    private final Consumer<byte[]> input;
    private final List<Consumer<byte[]>> listeners = new CopyOnWriteArrayList<>();

    /** @param input where typed bytes go: the machine's serial input */
    public SerialLine(Consumer<byte[]> input) {
        this.input = Objects.requireNonNull(input, "input");
    }

    /** Sends text on the line: {@code \n} becomes CR LF, a lone CR stays as it is. */
    public void print(String text) {
        if (text.isEmpty() || listeners.isEmpty()) return;
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' && (i == 0 || text.charAt(i - 1) != '\r')) out.append('\r');
            out.append(c);
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        for (Consumer<byte[]> l : listeners) {
            try {
                l.accept(bytes);
            } catch (RuntimeException e) {
                // one broken peer must not stop the machine or the other peers
                listeners.remove(l);
            }
        }
    }

    /** Hands every byte sent on the line from now on to {@code listener} until the returned hold is closed. */
    public Listening listen(Consumer<byte[]> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Bytes typed by a peer: they reach the machine as keys (see {@link TerminalKeys}). */
    public void type(byte[] bytes) {
        if (bytes.length > 0) input.accept(bytes.clone());
    }
}
