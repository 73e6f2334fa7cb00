package io.vaxiin.connector;

import java.time.Duration;

/** A serial console (IPMI serial-over-LAN, raw TCP): a stream of text both ways. */
public interface Serial extends AutoCloseable {

    /**
     * The recent text of the console, newest last, bounded in size.
     *
     * @param version increases each time new text arrives
     */
    record Text(String text, long version) {}

    /** The recent text now. */
    Text recent();

    /**
     * Waits until text newer than {@code sinceVersion} arrives.
     *
     * @return the newer text, or the current text when the timeout passes
     */
    Text awaitChange(long sinceVersion, Duration timeout) throws InterruptedException;

    /** Sends text as typed; {@code \n} is sent as carriage return. */
    void send(String text);

    /** Where this console is, for messages; never contains a secret. */
    String describe();

    @Override
    void close();
}
