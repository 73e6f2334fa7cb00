package io.vaxiin.connector.rfb;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One of the connection's persistent zlib streams (ZRLE has one, Tight four). Each rectangle
 * feeds its compressed bytes; the decoder then reads exactly the bytes that rectangle holds.
 */
final class ZlibStream implements ByteSource {

    /** Input beyond this is not kept between rectangles, so an idle connection stays small. */
    private static final int KEEP_INPUT = 64 * 1024;

    private final Inflater inflater = new Inflater();
    private byte[] input = new byte[0];
    private final byte[] out = new byte[8192];
    private int outPos;
    private int outLen;
    /** End of the valid bytes in {@link #input}; the inflater's unread ones end there. */
    /** Reads {@code len} compressed bytes from the connection and appends them to what is left. */
    void feed(RfbInput in, int len) throws IOException {
        int remaining = inflater.getRemaining();
        int total = remaining + len;
        byte[] buf = input.length >= total ? input : new byte[total];
        if (remaining > 0) System.arraycopy(input, lastEnd - remaining, buf, 0, remaining);
        in.readFully(buf, remaining, len);
        input = buf;
        lastEnd = total;
        inflater.setInput(buf, 0, total);
    }

    private int lastEnd;

    /** Drops the stream's history, as Tight's reset bits ask. */
    void reset() {
        inflater.reset();
        outPos = outLen = 0;
        lastEnd = 0;
    }

    /** Lets go of a large input buffer once a rectangle is done, keeping only the bytes not yet inflated. */
    void trim() {
        if (input.length <= KEEP_INPUT) return;
        int remaining = inflater.getRemaining();
        byte[] small = new byte[remaining];
        System.arraycopy(input, lastEnd - remaining, small, 0, remaining);
        input = small;
        lastEnd = remaining;
        inflater.setInput(small, 0, remaining);
    }

    void end() {
        inflater.end();
    }

    @Override
    public int u8() throws IOException {
        if (outPos == outLen) fill();
        return out[outPos++] & 0xff;
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (outPos == outLen) fill();
            int n = Math.min(len, outLen - outPos);
            System.arraycopy(out, outPos, b, off, n);
            outPos += n;
            off += n;
            len -= n;
        }
    }

    private void fill() throws IOException {
        try {
            int n = inflater.inflate(out, 0, out.length);
            if (n == 0) {
                throw new MalformedDataException(inflater.needsDictionary()
                        ? "compressed data that needs a preset dictionary"
                        : "compressed data that ends before the rectangle does");
            }
            outPos = 0;
            outLen = n;
        } catch (DataFormatException e) {
            throw new MalformedDataException("corrupt compressed data");
        }
    }
}
