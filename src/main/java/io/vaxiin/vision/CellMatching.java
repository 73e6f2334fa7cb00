package io.vaxiin.vision;

import java.util.Arrays;

/**
 * What one character cell is: blank (one colour), a glyph of the font (looked up exactly when
 * the cell is two colours, seen through an underline cursor, else the nearest glyph when it is
 * clearly nearest), a glyph that reads both ways, or unknown. Each cell is read against its own
 * two colours; cells of many colours go through {@link LossyCells} first.
 */
final class CellMatching {

    /** What a cell is: one colour, a glyph, a glyph that reads both ways, or no glyph of the font. */
    static final int BLANK = 0;
    static final int GLYPH = 1;
    static final int AMBIGUOUS = 2;
    static final int UNKNOWN = 3;

    /** Per-reading working storage for one font (not shared between threads). */
    static final class Work {
        GlyphMatcher m;
        long[] mask;
        long[] scratch;
        int[] cellRows;
        int[] cellRowsInverse;
        int[] pixels;
        int[] gathered;
        int[] cluster;
        /** The two colours of a lossy cell (see {@link LossyCells#split}). */
        final int[] means = new int[2];
        final GlyphMatcher.Near near = new GlyphMatcher.Near();

        void use(GlyphMatcher matcher) {
            if (m == matcher) {
                return;
            }
            m = matcher;
            mask = new long[matcher.words];
            scratch = new long[matcher.words];
            cellRows = new int[matcher.height];
            cellRowsInverse = new int[matcher.height];
            pixels = new int[matcher.bits];
            gathered = new int[matcher.bits];
            cluster = new int[matcher.bits];
        }
    }

    /** Per-row working storage (one per reading, not shared between threads). */
    static final class Row {
        final int[] kind;
        final int[] code;
        final int[] code2;
        final int[] fg;
        final int[] bg;
        final boolean[] near;
        int glyphs;
        int unknown;
        int nearGlyphs;
        /** The commonest colour on the screen (see {@link GridRows#screenBackground}). */
        int screenBackground = -1;

        Row(int cols) {
            kind = new int[cols];
            code = new int[cols];
            code2 = new int[cols];
            fg = new int[cols];
            bg = new int[cols];
            near = new boolean[cols];
        }
    }

    /**
     * Reads the cell whose top-left pixel is (x0, y0) into slot {@code c} of {@code row} and
     * returns its kind: blank (one colour), a glyph, a glyph that reads both ways, or unknown.
     */
    static int decode(int[] px, int width, int x0, int y0, Work work, Row row, int c) {
        return decode(px, width, x0, y0, work, row, c, true);
    }

    /** Like {@link #decode(int[], int, int, int, Work, Row, int)}; exact lookups only unless {@code tolerant}. */
    static int decode(int[] px, int width, int x0, int y0, Work work, Row row, int c, boolean tolerant) {
        GlyphMatcher m = work.m;
        int w = m.width;
        int h = m.height;
        long[] mask = work.mask;
        Arrays.fill(mask, 0);
        int c0 = px[y0 * width + x0];
        int c1 = c0;
        boolean two = false;
        boolean many = false;
        int i = 0;
        for (int y = 0; y < h; y++) {
            int base = (y0 + y) * width + x0;
            int bits = 0;
            for (int x = 0; x < w; x++, i++) {
                int p = px[base + x];
                work.pixels[i] = p;
                bits <<= 1;
                if (p != c0) {
                    if (!two) {
                        c1 = p;
                        two = true;
                    } else if (p != c1) {
                        many = true;
                    }
                    bits |= 1;
                    mask[i >>> 6] |= 1L << (i & 63);
                }
            }
            work.cellRows[y] = bits;
        }
        row.near[c] = false;
        if (!two) {
            return blank(row, c, c0);
        }
        if (!many && CellColours.same(c0, c1)) {
            // two shades of one colour (rounding in a frame scaled back, a gradient): no glyph
            return blank(row, c, c0);
        }
        if (!many) {
            int asIs = m.exact(mask, 0);                       // c1 draws the glyph on c0
            int inverse = m.exactInverse(mask, work.scratch);  // c0 draws it on c1
            if (asIs < 0 && inverse < 0 && tolerant) {
                asIs = underCursor(m, work.cellRows);
                if (asIs < 0) {
                    int full = w == 32 ? -1 : (1 << w) - 1;
                    for (int y = 0; y < h; y++) {
                        work.cellRowsInverse[y] = ~work.cellRows[y] & full;
                    }
                    inverse = underCursor(m, work.cellRowsInverse);
                }
            }
            if (asIs >= 0 || inverse >= 0) {
                if (asIs >= 0) {
                    row.kind[c] = inverse >= 0 ? AMBIGUOUS : GLYPH;
                    row.code[c] = m.codePoint(asIs);
                    row.code2[c] = inverse >= 0 ? m.codePoint(inverse) : -1;
                    row.fg[c] = c1;
                    row.bg[c] = c0;
                } else {
                    row.kind[c] = GLYPH;
                    row.code[c] = m.codePoint(inverse);
                    row.fg[c] = c0;
                    row.bg[c] = c1;
                }
                return row.kind[c];
            }
            if (!tolerant) {
                row.kind[c] = UNKNOWN;
                return UNKNOWN;
            }
            return nearest(work, row, c, c1, c0);
        }
        if (!tolerant) {
            row.kind[c] = BLANK; // not a lossless cell: says nothing here
            return BLANK;
        }
        return lossy(work, row, c);
    }

    private static int blank(Row row, int c, int colour) {
        row.kind[c] = BLANK;
        row.bg[c] = colour;
        row.fg[c] = colour;
        return BLANK;
    }

    /**
     * Reads a cell of many colours (a lossy frame): split into two colours (see
     * {@link LossyCells#split}) and the nearest glyph; unknown but nearly one colour is blank.
     */
    private static int lossy(Work work, Row row, int c) {
        int[] p = work.pixels;
        int n = work.m.bits;
        if (!LossyCells.split(p, n, work.cluster, work.mask, work.means)) {
            return blank(row, c, LossyCells.mean(p, n));
        }
        int kind = nearest(work, row, c, work.means[1], work.means[0]);
        if (kind == UNKNOWN && LossyCells.nearlyOneColour(p, n)) {
            return blank(row, c, LossyCells.mean(p, n));
        }
        return kind;
    }

    /**
     * The nearest glyph to the cell's two-colour mask (set bits in {@code set}, the rest in
     * {@code clear}), taken only when it is near and clearly nearer than any other character.
     */
    private static int nearest(Work work, Row row, int c, int set, int clear) {
        GlyphMatcher m = work.m;
        GlyphMatcher.Near near = work.near;
        m.nearest(work.mask, near);
        boolean okA = clearlyNearest(near.distA, near.secondA, m.codePoint(near.glyphA), m.maxNear);
        boolean okB = clearlyNearest(near.distB, near.secondB, m.codePoint(near.glyphB), m.maxNear);
        if (okA && okB) {
            if (near.distB >= 2 * near.distA + 6) {
                okB = false;
            } else if (near.distA >= 2 * near.distB + 6) {
                okA = false;
            }
        }
        row.near[c] = true;
        if (okA && okB) {
            row.kind[c] = AMBIGUOUS;
            row.code[c] = m.codePoint(near.glyphA);
            row.code2[c] = m.codePoint(near.glyphB);
            row.fg[c] = set;
            row.bg[c] = clear;
        } else if (okA || okB) {
            row.kind[c] = GLYPH;
            row.code[c] = m.codePoint(okA ? near.glyphA : near.glyphB);
            row.fg[c] = okA ? set : clear;
            row.bg[c] = okA ? clear : set;
            if (row.code[c] == ' ') {
                return blank(row, c, row.bg[c]);
            }
            if (row.code[c] == '\u2588') {
                return blank(row, c, row.fg[c]);
            }
        } else {
            row.kind[c] = UNKNOWN;
        }
        return row.kind[c];
    }

    /**
     * Whether the nearest glyph, {@code distance} half bits off (see {@link GlyphMatcher#nearest}),
     * is near enough ({@code maxNear} bits) and clearly nearer than the best other character
     * ({@code second} half bits off): at most two thirds as far. A cell nearest to a blank only
     * needs to be nearer than anything else: noise, not a glyph.
     */
    static boolean clearlyNearest(int distance, int second, int codePoint, int maxNear) {
        if (distance > 2 * maxNear + 1) {
            return false;
        }
        return codePoint == ' ' ? second > distance : second - distance >= Math.max(1, (distance + 1) / 2);
    }

    /**
     * The glyph under an underline cursor: a band of lower scanlines that are entirely foreground,
     * ignored for the match; shortest bands first so a glyph's own full line ('_') stays.
     */
    private static int underCursor(GlyphMatcher m, int[] cellRows) {
        int h = m.height;
        int fullRow = m.width == 32 ? -1 : (1 << m.width) - 1;
        if (cellRows[h - 1] != fullRow && cellRows[h - 2] != fullRow) {
            return -1;
        }
        for (int length = 1; length <= h / 2; length++) {
            for (int first = h - length; first >= h / 2; first--) {
                boolean band = true;
                for (int y = first; y < first + length; y++) {
                    band &= cellRows[y] == fullRow;
                }
                if (band) {
                    int g = m.exactIgnoringRows(cellRows, first, first + length - 1);
                    if (g >= 0) {
                        return g;
                    }
                }
            }
        }
        return -1;
    }

    private CellMatching() {
    }
}
