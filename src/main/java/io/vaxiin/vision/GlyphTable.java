package io.vaxiin.vision;

/**
 * Exact lookup from a cell's two-colour bit mask to the glyph code it shows, for one cell width
 * (8, or 9 with VGA's ninth-column rule). A mask is two longs: scanlines 0-7 and 8-15, eight
 * bits each, leftmost pixel highest; the ninth column is a separate 16-bit word (bit 15 = line 0).
 * Also holds tables that ignore a band of scanlines, for cells under an underline cursor.
 * Immutable once built.
 */
final class GlyphTable {

    /** Lowest scanline a cursor band may start on. */
    static final int CURSOR_BAND_FROM = 8;

    private static final int BITS = 10;
    private static final int SIZE = 1 << BITS;

    private final int cellWidth;
    private final int[] ninth = new int[256];
    /** Codes whose ninth column may also be plain background (see the constructor). */
    private final boolean[] ninthMayBeBlank = new boolean[256];
    private final Slots exact;
    /** [first * 16 + last] for bands CURSOR_BAND_FROM <= first <= last <= 15. */
    private final Slots[] banded = new Slots[256];

    GlyphTable(VgaFont font, int cellWidth) {
        if (font.height() != 16) {
            throw new IllegalArgumentException("the grid reader reads 16-line fonts, not " + font.height());
        }
        this.cellWidth = cellWidth;
        long[] hi = new long[256];
        long[] lo = new long[256];
        for (int code = 0; code < 256; code++) {
            int col9 = 0;
            for (int y = 0; y < 16; y++) {
                int bits = font.row(code, y);
                if (y < 8) {
                    hi[code] = hi[code] << 8 | bits;
                } else {
                    lo[code] = lo[code] << 8 | bits;
                }
                col9 |= (bits & 1) << (15 - y);
            }
            // VGA repeats the eighth column for 0xC0-0xDF; QEMU's VGA does it for 0xB0-0xDF,
            // so for 0xB0-0xBF either way reads
            ninth[code] = cellWidth == 9 && code >= 0xB0 && code <= 0xDF ? col9 : 0;
            ninthMayBeBlank[code] = code >= 0xB0 && code <= 0xBF;
        }
        exact = build(hi, lo, -1L, -1L);
        for (int first = CURSOR_BAND_FROM; first < 16; first++) {
            for (int last = first; last < 16; last++) {
                banded[first * 16 + last] = build(hi, lo, keepMask(first, last, true), keepMask(first, last, false));
            }
        }
    }

    int cellWidth() {
        return cellWidth;
    }

    /** The code whose glyph is exactly this mask, or -1. */
    int find(long hi, long lo, int col9) {
        return exact.find(hi, lo, col9, 0xFFFF, ninth, ninthMayBeBlank);
    }

    /** The code whose glyph matches this mask outside scanlines first..last, or -1. */
    int findIgnoring(long hi, long lo, int col9, int first, int last) {
        Slots slots = banded[first * 16 + last];
        int keep9 = 0xFFFF & ~(((1 << (last - first + 1)) - 1) << (15 - last));
        return slots.find(hi & slots.keepHi, lo & slots.keepLo, col9, keep9, ninth, ninthMayBeBlank);
    }

    /** Bits of the scanlines outside first..last, in the long for lines 0-7 (hi) or 8-15. */
    static long keepMask(int first, int last, boolean hi) {
        long keep = 0;
        for (int y = hi ? 0 : 8; y < (hi ? 8 : 16); y++) {
            keep <<= 8;
            if (y < first || y > last) {
                keep |= 0xFF;
            }
        }
        return keep;
    }

    private static Slots build(long[] hi, long[] lo, long keepHi, long keepLo) {
        Slots slots = new Slots(keepHi, keepLo);
        // preference among glyphs that look alike: space, then printable ASCII, then the rest
        slots.put(hi[0x20] & keepHi, lo[0x20] & keepLo, 0x20);
        for (int code = 0x21; code < 0x7F; code++) {
            slots.put(hi[code] & keepHi, lo[code] & keepLo, code);
        }
        for (int code = 0; code < 256; code++) {
            if (code < 0x20 || code >= 0x7F) {
                slots.put(hi[code] & keepHi, lo[code] & keepLo, code);
            }
        }
        return slots;
    }

    /** Open-addressing map from a 128-bit mask to up to a few codes (chained by probing). */
    private static final class Slots {
        final long keepHi;
        final long keepLo;
        final long[] keysHi = new long[SIZE];
        final long[] keysLo = new long[SIZE];
        final int[] codes = new int[SIZE];

        Slots(long keepHi, long keepLo) {
            this.keepHi = keepHi;
            this.keepLo = keepLo;
            java.util.Arrays.fill(codes, -1);
        }

        void put(long hi, long lo, int code) {
            int i = slot(hi, lo);
            while (codes[i] >= 0) {
                i = (i + 1) & (SIZE - 1);
            }
            keysHi[i] = hi;
            keysLo[i] = lo;
            codes[i] = code;
        }

        /** The first code (in preference order) with this mask whose ninth column fits. */
        int find(long hi, long lo, int col9, int keep9, int[] ninth, boolean[] ninthMayBeBlank) {
            int i = slot(hi, lo);
            while (codes[i] >= 0) {
                int code = codes[i];
                if (keysHi[i] == hi && keysLo[i] == lo && (((ninth[code] ^ col9) & keep9) == 0
                    || (ninthMayBeBlank[code] && (col9 & keep9) == 0))) {
                    return codes[i];
                }
                i = (i + 1) & (SIZE - 1);
            }
            return -1;
        }

        private static int slot(long hi, long lo) {
            long h = (hi * 0x9E3779B97F4A7C15L + lo) * 0xC2B2AE3D27D4EB4FL;
            return (int) (h >>> (64 - BITS));
        }
    }
}
