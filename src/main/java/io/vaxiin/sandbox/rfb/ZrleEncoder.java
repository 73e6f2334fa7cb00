package io.vaxiin.sandbox.rfb;

import java.util.zip.Deflater;

/**
 * ZRLE for one client: 64×64 tiles, each solid, packed-palette (2–16 colours), plain RLE or raw,
 * whichever is smallest, through the client's one zlib stream.
 */
final class ZrleEncoder {

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    private final ByteSink plain = new ByteSink(64 * 1024);
    private final byte[] chunk = new byte[32 * 1024];
    private final int[] palette = new int[16];

    /** Appends the rectangle's data (length and zlib bytes) for pixels {@code px} (row stride {@code w}). */
    void encode(int[] px, int w, int h, PixelFormat pf, ByteSink out) {
        plain.reset();
        for (int ty = 0; ty < h; ty += 64) {
            int th = Math.min(64, h - ty);
            for (int tx = 0; tx < w; tx += 64) {
                tile(px, w, tx, ty, Math.min(64, w - tx), th, pf);
            }
        }
        int lengthAt = out.size();
        out.s32(0);
        deflater.setInput(plain.array(), 0, plain.size());
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length);
        int len = out.size() - lengthAt - 4;
        byte[] a = out.array();
        a[lengthAt] = (byte) (len >> 24);
        a[lengthAt + 1] = (byte) (len >> 16);
        a[lengthAt + 2] = (byte) (len >> 8);
        a[lengthAt + 3] = (byte) len;
    }

    private void tile(int[] px, int stride, int x0, int y0, int tw, int th, PixelFormat pf) {
        int colours = 0;
        int runs = 0;
        int runBytes = 0;
        int prev = -1;
        int runLen = 0;
        for (int y = y0; y < y0 + th; y++) {
            for (int x = x0; x < x0 + tw; x++) {
                int c = px[y * stride + x];
                if (colours <= 16) {
                    int i = 0;
                    while (i < colours && palette[i] != c) i++;
                    if (i == colours) {
                        if (colours < 16) palette[i] = c;
                        colours++;
                    }
                }
                if (c == prev) {
                    runLen++;
                } else {
                    if (runLen > 0) runBytes += (runLen - 1) / 255 + 1;
                    runs++;
                    runLen = 1;
                    prev = c;
                }
            }
        }
        runBytes += (runLen - 1) / 255 + 1;
        int cp = pf.cpixelBytes();
        if (colours == 1) {
            plain.write(1);
            pf.writeCpixel(plain, palette[0]);
        } else if (colours <= 16) {
            plain.write(colours);
            for (int i = 0; i < colours; i++) pf.writeCpixel(plain, palette[i]);
            int bits = colours == 2 ? 1 : colours <= 4 ? 2 : 4;
            for (int y = y0; y < y0 + th; y++) {
                int acc = 0;
                int filled = 0;
                for (int x = x0; x < x0 + tw; x++) {
                    int c = px[y * stride + x];
                    int idx = 0;
                    while (palette[idx] != c) idx++;
                    acc = acc << bits | idx;
                    filled += bits;
                    if (filled == 8) {
                        plain.write(acc);
                        acc = 0;
                        filled = 0;
                    }
                }
                if (filled > 0) plain.write(acc << (8 - filled));
            }
        } else if (runs * cp + runBytes < tw * th * cp) {
            plain.write(128);
            int n = tw * th;
            int i = 0;
            while (i < n) {
                int c = px[(y0 + i / tw) * stride + x0 + i % tw];
                int j = i + 1;
                while (j < n && px[(y0 + j / tw) * stride + x0 + j % tw] == c) j++;
                pf.writeCpixel(plain, c);
                int rest = j - i - 1;
                while (rest >= 255) {
                    plain.write(255);
                    rest -= 255;
                }
                plain.write(rest);
                i = j;
            }
        } else {
            plain.write(0);
            for (int y = y0; y < y0 + th; y++) {
                for (int x = x0; x < x0 + tw; x++) pf.writeCpixel(plain, px[y * stride + x]);
            }
        }
    }

    void end() {
        deflater.end();
    }
}
