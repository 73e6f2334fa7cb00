package io.vaxiin.connector.rfb;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes the rectangles of FramebufferUpdate messages into a {@link FrameStore}, for the pixel
 * format this client always asks for: 32 bits, depth 24, little-endian, red at bit 16, green at
 * bit 8, blue at bit 0. So a Raw pixel is B,G,R,x; a ZRLE CPIXEL is B,G,R; a Tight TPIXEL is R,G,B.
 *
 * <p>Every size read from the peer is checked before anything is allocated from it.
 */
final class RectDecoder {

    /** Largest compressed ZRLE rectangle accepted; a full 4K screen of raw tiles is ~25 MiB. */
    static final int MAX_ZRLE_LENGTH = 64 * 1024 * 1024;

    private final RfbInput in;
    private final FrameStore fb;
    private final ZlibStream zrle = new ZlibStream();
    private final ZlibStream[] tight = {new ZlibStream(), new ZlibStream(), new ZlibStream(), new ZlibStream()};

    // Scratch buffers sized for one row or one tile, grown as needed and dropped when large.
    private byte[] bytes = new byte[0];
    private int[] ints = new int[0];
    private final int[] palette = new int[256];
    /** Rectangles decoded per encoding (Raw, CopyRect, Tight, ZRLE), for tests and diagnostics. */
    final java.util.concurrent.atomic.AtomicLongArray counts = new java.util.concurrent.atomic.AtomicLongArray(17);

    RectDecoder(RfbInput in, FrameStore fb) {
        this.in = in;
        this.fb = fb;
    }

    /** Decodes one rectangle of pixels; the caller has checked that it lies within the screen. */
    void decode(int x, int y, int w, int h, int encoding) throws IOException {
        if (encoding >= 0 && encoding < 17) counts.incrementAndGet(encoding);
        switch (encoding) {
            case 0 -> raw(x, y, w, h);
            case 1 -> copyRect(x, y, w, h);
            case 7 -> tight(x, y, w, h);
            case 16 -> zrle(x, y, w, h);
            default -> throw new MalformedDataException("sent a rectangle in encoding " + encoding + ", which this client did not ask for");
        }
        // An idle connection keeps only small scratch buffers: one framebuffer and one snapshot are its memory.
        if (bytes.length > 64 * 1024) bytes = new byte[0];
        if (ints.length > 16 * 1024) ints = new int[0];
    }

    void close() {
        zrle.end();
        for (ZlibStream z : tight) z.end();
    }

    private byte[] bytes(int n) {
        if (bytes.length < n) bytes = new byte[n];
        return bytes;
    }

    private int[] ints(int n) {
        if (ints.length < n) ints = new int[n];
        return ints;
    }

    // ---- Raw ----

    private void raw(int x, int y, int w, int h) throws IOException {
        byte[] b = bytes(w * 4);
        int[] row = ints(w);
        for (int r = 0; r < h; r++) {
            in.readFully(b, 0, w * 4);
            for (int i = 0, j = 0; i < w; i++, j += 4) {
                row[i] = (b[j] & 0xff) | (b[j + 1] & 0xff) << 8 | (b[j + 2] & 0xff) << 16;
            }
            fb.put(x, y + r, w, 1, row, 0, w);
        }
    }

    // ---- CopyRect ----

    private void copyRect(int x, int y, int w, int h) throws IOException {
        int sx = in.u16();
        int sy = in.u16();
        if (sx + w > fb.width() || sy + h > fb.height()) {
            throw new MalformedDataException("sent a CopyRect from " + w + "×" + h + " at (" + sx + "," + sy
                    + "), outside its " + fb.width() + "×" + fb.height() + " screen");
        }
        fb.copy(sx, sy, x, y, w, h);
    }

    // ---- ZRLE ----

    private void zrle(int x, int y, int w, int h) throws IOException {
        long length = in.u32();
        long bound = Math.min(MAX_ZRLE_LENGTH, (long) w * h * 8 + 65536);
        if (length > bound) {
            throw new MalformedDataException("sent a ZRLE rectangle with " + length + " bytes of data, more than the "
                    + bound + " a " + w + "×" + h + " rectangle can need");
        }
        zrle.feed(in, (int) length);
        int[] tile = ints(64 * 64);
        for (int ty = 0; ty < h; ty += 64) {
            int th = Math.min(64, h - ty);
            for (int tx = 0; tx < w; tx += 64) {
                int tw = Math.min(64, w - tx);
                zrleTile(tile, tw, th);
                fb.put(x + tx, y + ty, tw, th, tile, 0, tw);
            }
        }
        zrle.trim();
    }

    private int cpixel(ByteSource s) throws IOException {
        int b = s.u8();
        int g = s.u8();
        int r = s.u8();
        return r << 16 | g << 8 | b;
    }

    private void zrleTile(int[] tile, int tw, int th) throws IOException {
        int n = tw * th;
        int sub = zrle.u8();
        if (sub == 0) {
            byte[] b = bytes(n * 3);
            zrle.readFully(b, 0, n * 3);
            for (int i = 0, j = 0; i < n; i++, j += 3) {
                tile[i] = (b[j + 2] & 0xff) << 16 | (b[j + 1] & 0xff) << 8 | (b[j] & 0xff);
            }
        } else if (sub == 1) {
            int c = cpixel(zrle);
            for (int i = 0; i < n; i++) tile[i] = c;
        } else if (sub <= 16) {
            for (int i = 0; i < sub; i++) palette[i] = cpixel(zrle);
            int bits = sub == 2 ? 1 : sub <= 4 ? 2 : 4;
            int rowBytes = (tw * bits + 7) / 8;
            byte[] b = bytes(rowBytes);
            int mask = (1 << bits) - 1;
            for (int r = 0; r < th; r++) {
                zrle.readFully(b, 0, rowBytes);
                for (int i = 0; i < tw; i++) {
                    int bit = i * bits;
                    int idx = ((b[bit >> 3] & 0xff) >> (8 - bits - (bit & 7))) & mask;
                    if (idx >= sub) throw new MalformedDataException("sent a ZRLE tile with palette index " + idx + " of " + sub);
                    tile[r * tw + i] = palette[idx];
                }
            }
        } else if (sub == 128) {
            int i = 0;
            while (i < n) {
                int c = cpixel(zrle);
                int run = runLength(n - i);
                for (int k = 0; k < run; k++) tile[i++] = c;
            }
        } else if (sub >= 130) {
            int size = sub - 128;
            for (int i = 0; i < size; i++) palette[i] = cpixel(zrle);
            int i = 0;
            while (i < n) {
                int b = zrle.u8();
                int idx = b & 0x7f;
                if (idx >= size) throw new MalformedDataException("sent a ZRLE tile with palette index " + idx + " of " + size);
                int run = (b & 0x80) != 0 ? runLength(n - i) : 1;
                for (int k = 0; k < run; k++) tile[i++] = palette[idx];
            }
        } else {
            throw new MalformedDataException("sent a ZRLE tile with the unknown subencoding " + sub);
        }
    }

    private int runLength(int left) throws IOException {
        int run = 1;
        int b;
        do {
            b = zrle.u8();
            run += b;
            if (run > left) throw new MalformedDataException("sent a ZRLE run longer than its tile");
        } while (b == 255);
        return run;
    }

    // ---- Tight ----

    private void tight(int x, int y, int w, int h) throws IOException {
        int control = in.u8();
        for (int i = 0; i < 4; i++) {
            if ((control & (1 << i)) != 0) tight[i].reset();
        }
        int type = control >> 4;
        if (type == 0x8) {
            fb.fill(x, y, w, h, tpixel(in));
        } else if (type == 0x9) {
            jpeg(x, y, w, h);
        } else if (type < 0x8) {
            basic(x, y, w, h, type & 3, (type & 4) != 0);
        } else {
            throw new MalformedDataException("sent a Tight rectangle with the unknown compression type " + type);
        }
    }

    private static int tpixel(ByteSource s) throws IOException {
        return s.u8() << 16 | s.u8() << 8 | s.u8();
    }

    /** Tight's compact length: 1 to 3 bytes, 7 bits each, at most 4 MiB by construction. */
    private int compactLength() throws IOException {
        int b = in.u8();
        int len = b & 0x7f;
        if ((b & 0x80) != 0) {
            b = in.u8();
            len |= (b & 0x7f) << 7;
            if ((b & 0x80) != 0) len |= in.u8() << 14;
        }
        return len;
    }

    private void jpeg(int x, int y, int w, int h) throws IOException {
        int len = compactLength();
        byte[] data = new byte[len];
        in.readFully(data, 0, len);
        BufferedImage img = decodeJpeg(data, w, h);
        int[] row = ints(w);
        for (int r = 0; r < h; r++) {
            img.getRGB(0, r, w, 1, row, 0, w);
            for (int i = 0; i < w; i++) row[i] &= 0xffffff;
            fb.put(x, y + r, w, 1, row, 0, w);
        }
    }

    /**
     * Decodes a Tight JPEG of exactly w×h pixels. Its size is read from its header before any
     * pixel is allocated (a few bytes can claim 65535×65535), and every way ImageIO fails on a
     * corrupt JPEG (IIOException, and runtime exceptions from deep inside the decoder) is this
     * peer's malformed data, not a lost connection.
     */
    private static BufferedImage decodeJpeg(byte[] data, int w, int h) throws MalformedDataException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) throw new IllegalStateException("this JVM has no JPEG decoder");
        ImageReader reader = readers.next();
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(stream, true, true);
            int jw = reader.getWidth(0);
            int jh = reader.getHeight(0);
            if (jw != w || jh != h) {
                throw new MalformedDataException("sent a Tight JPEG of " + jw + "×" + jh + " for a " + w + "×" + h + " rectangle");
            }
            return reader.read(0);
        } catch (MalformedDataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MalformedDataException("sent a Tight JPEG rectangle that is not a readable JPEG");
        } finally {
            reader.dispose();
        }
    }

    private void basic(int x, int y, int w, int h, int stream, boolean hasFilter) throws IOException {
        int filter = hasFilter ? in.u8() : 0;
        int colours = 0;
        int rowBytes;
        switch (filter) {
            case 0, 2 -> rowBytes = w * 3;
            case 1 -> {
                colours = in.u8() + 1;
                for (int i = 0; i < colours; i++) palette[i] = tpixel(in);
                rowBytes = colours == 2 ? (w + 7) / 8 : w;
            }
            default -> throw new MalformedDataException("sent a Tight rectangle with the unknown filter " + filter);
        }
        long size = (long) rowBytes * h;
        ByteSource src;
        if (size < 12) {
            src = in;
        } else {
            int len = compactLength();
            if (len > size * 2 + 1024) {
                throw new MalformedDataException("sent a Tight rectangle with " + len + " compressed bytes for " + size + " bytes of data");
            }
            tight[stream].feed(in, len);
            src = tight[stream];
        }
        byte[] b = bytes(rowBytes);
        int[] row = ints(w * 2);
        for (int r = 0; r < h; r++) {
            src.readFully(b, 0, rowBytes);
            if (filter == 0) {
                for (int i = 0, j = 0; i < w; i++, j += 3) {
                    row[i] = (b[j] & 0xff) << 16 | (b[j + 1] & 0xff) << 8 | (b[j + 2] & 0xff);
                }
            } else if (filter == 1) {
                for (int i = 0; i < w; i++) {
                    int idx = colours == 2 ? ((b[i >> 3] & 0xff) >> (7 - (i & 7))) & 1 : b[i] & 0xff;
                    if (idx >= colours) throw new MalformedDataException("sent a Tight palette index " + idx + " of " + colours);
                    row[i] = palette[idx];
                }
            } else {
                gradient(b, row, w, r == 0);
            }
            fb.put(x, y + r, w, 1, row, 0, w);
            if (filter == 2) System.arraycopy(row, 0, row, w, w); // keep this row as the one above
        }
        if (src != in) tight[stream].trim();
    }

    /** Undoes the gradient filter: each component is predicted from left + above - above-left. */
    private static void gradient(byte[] b, int[] row, int w, boolean first) {
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            int left = 0;
            int upLeft = 0;
            for (int i = 0; i < w; i++) {
                int up = first ? 0 : (row[w + i] >> shift) & 0xff;
                int predicted = Math.max(0, Math.min(255, left + up - upLeft));
                int value = (predicted + (b[i * 3 + c] & 0xff)) & 0xff;
                row[i] = c == 0 ? value << 16 : row[i] | value << shift;
                left = value;
                upLeft = up;
            }
        }
    }
}
