package io.vaxiin.sandbox.rfb;


/** A client's true-colour pixel format, and how one 0xRRGGBB colour is written in it. */
record PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, int redMax, int greenMax, int blueMax,
                   int redShift, int greenShift, int blueShift) {

    /** What the server announces: 32 bpp, depth 24, little-endian, 0xRRGGBB. */
    static final PixelFormat DEFAULT = new PixelFormat(32, 24, false, 255, 255, 255, 16, 8, 0);

    static PixelFormat parse(byte[] b) {
        return new PixelFormat(b[0] & 0xff, b[1] & 0xff, b[2] != 0, u16(b, 4), u16(b, 6), u16(b, 8),
                b[10] & 0xff, b[11] & 0xff, b[12] & 0xff);
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    /** Null when this server can serve the format, else why not. */
    static String check(byte[] b) {
        int bpp = b[0] & 0xff;
        if (bpp != 8 && bpp != 16 && bpp != 32) return "asked for " + bpp + " bits per pixel";
        if (b[3] == 0) return "asked for a colour map, which this server does not serve";
        PixelFormat f = parse(b);
        if (f.redMax == 0 || f.greenMax == 0 || f.blueMax == 0) return "asked for a pixel format with a zero colour maximum";
        if (f.redShift >= bpp || f.greenShift >= bpp || f.blueShift >= bpp) return "asked for a colour shift beyond its pixel";
        return null;
    }

    byte[] bytes() {
        return new byte[] {(byte) bitsPerPixel, (byte) depth, (byte) (bigEndian ? 1 : 0), 1,
                (byte) (redMax >> 8), (byte) redMax, (byte) (greenMax >> 8), (byte) greenMax, (byte) (blueMax >> 8), (byte) blueMax,
                (byte) redShift, (byte) greenShift, (byte) blueShift, 0, 0, 0};
    }

    int value(int rgb) {
        int r = ((rgb >> 16) & 0xff) * redMax / 255;
        int g = ((rgb >> 8) & 0xff) * greenMax / 255;
        int b = (rgb & 0xff) * blueMax / 255;
        return r << redShift | g << greenShift | b << blueShift;
    }

    int bytesPerPixel() {
        return bitsPerPixel / 8;
    }

    /** Bytes of a ZRLE CPIXEL: 3 when a 32-bit pixel of depth 24 or less leaves one whole byte unused. */
    int cpixelBytes() {
        return bitsPerPixel == 32 && depth <= 24 && unusedByte() >= 0 ? 3 : bytesPerPixel();
    }

    /** Which byte (0 = least significant) of a 32-bit pixel is always zero, or -1. */
    private int unusedByte() {
        long mask = ((long) redMax << redShift | (long) greenMax << greenShift | (long) blueMax << blueShift) & 0xffffffffL;
        if ((mask & 0xff000000L) == 0) return 3;
        if ((mask & 0xffL) == 0) return 0;
        return -1;
    }

    void writePixel(ByteSink out, int rgb) {
        write(out, value(rgb), bytesPerPixel(), -1);
    }

    void writeCpixel(ByteSink out, int rgb) {
        write(out, value(rgb), bytesPerPixel(), cpixelBytes() == 3 ? unusedByte() : -1);
    }

    /** Writes {@code n} bytes of {@code v} in this format's byte order, leaving out byte {@code skip} (or none). */
    private void write(ByteSink out, int v, int n, int skip) {
        for (int i = 0; i < n; i++) {
            int byteIndex = bigEndian ? n - 1 - i : i;
            if (byteIndex != skip) out.write(v >>> (8 * byteIndex));
        }
    }
}
