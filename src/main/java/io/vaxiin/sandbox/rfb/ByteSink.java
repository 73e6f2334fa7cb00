package io.vaxiin.sandbox.rfb;

import java.util.Arrays;

/** A growable byte buffer for building one message; unsynchronised, unlike ByteArrayOutputStream. */
final class ByteSink {

    private byte[] buf;
    private int size;

    ByteSink(int capacity) {
        buf = new byte[capacity];
    }

    void write(int b) {
        if (size == buf.length) grow(1);
        buf[size++] = (byte) b;
    }

    void write(byte[] b, int off, int len) {
        if (size + len > buf.length) grow(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    void u16(int v) {
        write(v >> 8);
        write(v);
    }

    void s32(int v) {
        write(v >> 24);
        write(v >> 16);
        write(v >> 8);
        write(v);
    }

    private void grow(int more) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }

    byte[] array() {
        return buf;
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }
}
