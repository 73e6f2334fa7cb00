package io.vaxiin.connector;

import java.time.Duration;

/**
 * A serial console (IPMI serial-over-LAN, a raw TCP port, a terminal server): a byte stream both
 * ways. What it shows is decoded as a terminal would show it (escape sequences removed, carriage
 * returns and backspaces applied) and kept as a bounded history, so text that scrolled past
 * between two looks is still there.
 */
public interface Serial extends AutoCloseable {

    /**
     * The decoded history at one moment.
     *
     * @param text      the kept history: finished lines and the current (unfinished) line, joined with {@code \n}
     * @param start     the offset of {@code text}'s first character in everything the console has shown
     *                  since it was opened (grows as old text falls out of the bound)
     * @param lineStart the offset, counted the same way, of the current line's first character
     * @param version   increases each time the text changes
     */
    record Text(String text, long start, long lineStart, long version) {

        /** The offset just past the last character. */
        public long end() { return start + text.length(); }

        /** The text from {@code offset} on (all of it when the offset fell out of the history). */
        public String since(long offset) {
            long from = Math.max(offset, start) - start;
            return from >= text.length() ? "" : text.substring((int) from);
        }
    }

    /** The history now. */
    Text recent();

    /**
     * Waits until the text changes after {@code sinceVersion}.
     *
     * @return the newer text, or the current text when the timeout passes
     * @throws ConnectorException (UNREACHABLE) when the console is gone and could not be reopened
     */
    Text awaitChange(long sinceVersion, Duration timeout) throws InterruptedException;

    /** Sends text as typed on a terminal; {@code \n} is sent as a carriage return (Enter). */
    void type(String text);

    /** Sends the bytes a terminal sends for a key: Enter is CR, ctrl-c is 0x03, Up is ESC [ A, F1 is ESC O P. */
    void press(KeyCombo keys);

    /** Where this console is, for messages: "SOL at 10.0.0.9:623". Never contains a secret. */
    String describe();

    @Override
    void close();
}
