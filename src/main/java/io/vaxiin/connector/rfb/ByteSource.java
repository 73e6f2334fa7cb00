package io.vaxiin.connector.rfb;

import java.io.IOException;

/** Where a decoder reads bytes: the connection itself or one of its zlib streams. */
interface ByteSource {

    void readFully(byte[] b, int off, int len) throws IOException;

    int u8() throws IOException;
}
