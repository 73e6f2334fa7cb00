package io.vaxiin.connector.rfb;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A byte stream to an RFB server. Reads throw {@link java.net.SocketTimeoutException} after the
 * read timeout and leave the stream usable; the output must be flushed after each message.
 */
interface Transport extends Closeable {

    InputStream in();

    OutputStream out();

    @Override
    void close();
}
