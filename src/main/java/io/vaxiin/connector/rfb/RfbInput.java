package io.vaxiin.connector.rfb;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Big-endian reads of RFB's fields from a buffered stream; every read fails at end of stream. */
final class RfbInput implements ByteSource {

    private final InputStream in;

    RfbInput(InputStream in) {
        this.in = in;
    }

    @Override
    public int u8() throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException();
        return b;
    }

    int u16() throws IOException {
        return (u8() << 8) | u8();
    }

    int s32() throws IOException {
        return (u8() << 24) | (u8() << 16) | (u8() << 8) | u8();
    }

    /** An unsigned 32-bit value. */
    long u32() throws IOException {
        return s32() & 0xffffffffL;
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) throw new EOFException();
            off += n;
            len -= n;
        }
    }

    /** Reads and drops {@code n} bytes without holding them all. */
    void skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        while (n > 0) {
            int len = (int) Math.min(n, buf.length);
            readFully(buf, 0, len);
            n -= len;
        }
    }
}
