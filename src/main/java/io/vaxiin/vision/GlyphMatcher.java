package io.vaxiin.vision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One {@link BitmapFont} prepared for reading cells: every bitmap as a bit mask of the whole
 * cell (bit {@code y * width + x}, in longs), an exact lookup from mask to bitmap, the nearest
 * bitmap by Hamming distance in both polarities, and the font's ink profiles for finding a grid.
 * Immutable once built.
 */
final class GlyphMatcher {

    final BitmapFont font;
    final int width;
    final int height;
    final int bits;
    final int words;
    /** Largest Hamming distance a near match may have. */
    final int maxNear;
    private final int count;
    private final long[] masks;
    private final int[] codePoints;
    /** Half bits added to a glyph's distance: 0 for ASCII, 1 for rarer characters (a prior that only breaks ties). */
    private final int[] prior;
    private final int[][] rows;
    private final long[] full;
    private final int tableMask;
    private final int[] table;
    /** True for a bitmap equal to one earlier in the order: it reads as that one, never on its own. */
    private final boolean[] duplicate;
    /** Horizontal ink transitions per scanline and per column of the cell, over printable ASCII. */
    final double[] rowProfile;
    final double[] colProfile;

    GlyphMatcher(BitmapFont font) {
        this.font = font;
        this.width = font.width();
        this.height = font.height();
        this.bits = width * height;
        this.words = (bits + 63) / 64;
        this.maxNear = Math.max(2, bits / 12);
        // alike bitmaps: ASCII and code page 437 characters before the rest, then regular faces
        // before bold ones and variants (a regular '─' before a bold '-', a bold '─' before a
        // regular '━'), then the preferred character
        List<BitmapFont.Glyph> glyphs = new ArrayList<>(font.glyphs());
        glyphs.sort(Comparator.comparingInt((BitmapFont.Glyph g) -> Cp437.fromUnicode((char) g.codePoint()) >= 0 ? 0 : 1)
            .thenComparingInt(g -> g.style().ordinal())
            .thenComparingInt(g -> BitmapFont.preference(g.codePoint())));
        this.count = glyphs.size();
        this.masks = new long[count * words];
        this.codePoints = new int[count];
        this.prior = new int[count];
        this.rows = new int[count][];
        for (int g = 0; g < count; g++) {
            BitmapFont.Glyph glyph = glyphs.get(g);
            codePoints[g] = glyph.codePoint();
            prior[g] = glyph.codePoint() < 0x7F ? 0 : 1;
            rows[g] = glyph.rows();
            for (int y = 0; y < height; y++) {
                int row = rows[g][y];
                for (int x = 0; x < width; x++) {
                    if ((row >>> (width - 1 - x) & 1) != 0) {
                        int i = y * width + x;
                        masks[g * words + (i >>> 6)] |= 1L << (i & 63);
                    }
                }
            }
        }
        full = new long[words];
        for (int i = 0; i < bits; i++) {
            full[i >>> 6] |= 1L << (i & 63);
        }
        int size = Integer.highestOneBit(Math.max(16, count * 4) - 1) << 1;
        tableMask = size - 1;
        table = new int[size];
        Arrays.fill(table, -1);
        duplicate = new boolean[count];
        for (int g = 0; g < count; g++) {
            if (exact(masks, g * words) < 0) { // the first bitmap of a shape wins
                int i = hash(masks, g * words) & tableMask;
                while (table[i] >= 0) {
                    i = (i + 1) & tableMask;
                }
                table[i] = g;
            } else {
                duplicate[g] = true;
            }
        }
        rowProfile = new double[height];
        colProfile = new double[width];
        for (int g = 0; g < count; g++) {
            int cp = codePoints[g];
            if (cp <= 0x20 || cp >= 0x7F || glyphs.get(g).style() != BitmapFont.Style.REGULAR) {
                continue;
            }
            for (int y = 0; y < height; y++) {
                int row = rows[g][y];
                int prev = 0;
                for (int x = 0; x < width; x++) {
                    int on = row >>> (width - 1 - x) & 1;
                    if (on != prev) {
                        rowProfile[y]++;
                        colProfile[x]++;
                    }
                    prev = on;
                }
                if (prev != 0) {
                    rowProfile[y]++;
                    colProfile[0]++;
                }
            }
        }
    }

    int codePoint(int glyph) {
        return codePoints[glyph];
    }

    int glyphCount() {
        return count;
    }

    /** The first bitmap whose mask equals {@code mask[from .. from + words)}, or -1. */
    int exact(long[] mask, int from) {
        int i = hash(mask, from) & tableMask;
        while (table[i] >= 0) {
            int g = table[i];
            if (Arrays.equals(masks, g * words, g * words + words, mask, from, from + words)) {
                return g;
            }
            i = (i + 1) & tableMask;
        }
        return -1;
    }

    /** The first bitmap equal to the complement of {@code mask} inside the cell, or -1. */
    int exactInverse(long[] mask, long[] scratch) {
        for (int w = 0; w < words; w++) {
            scratch[w] = ~mask[w] & full[w];
        }
        return exact(scratch, 0);
    }

    /**
     * The first bitmap equal to {@code cellRows} outside scanlines {@code first..last} (an
     * underline cursor's band), or -1. A linear scan: cursor cells are rare.
     */
    int exactIgnoringRows(int[] cellRows, int first, int last) {
        outer:
        for (int g = 0; g < count; g++) {
            int[] r = rows[g];
            for (int y = 0; y < height; y++) {
                if ((y < first || y > last) && r[y] != cellRows[y]) {
                    continue outer;
                }
            }
            return g;
        }
        return -1;
    }

    /**
     * Nearest bitmaps to {@code mask} by Hamming distance, for the mask as it is (its set bits
     * are ink) and for its complement, in half bits: characters outside ASCII count half a bit
     * further (on a console 'i' is far likelier than 'ì'; but a bitmap that fits exactly still
     * beats one a bit off). Fills {@code out}: best glyph and distance, and the distance of the
     * best bitmap of another character, per polarity. A bitmap equal to an
     * earlier one is left out, as in {@link #exact}: it would read as that one.
     */
    void nearest(long[] mask, Near out) {
        int bestA = Integer.MAX_VALUE;
        int secondA = Integer.MAX_VALUE;
        int glyphA = -1;
        int bestB = Integer.MAX_VALUE;
        int secondB = Integer.MAX_VALUE;
        int glyphB = -1;
        for (int g = 0, base = 0; g < count; g++, base += words) {
            if (duplicate[g]) {
                continue;
            }
            int raw = 0;
            for (int w = 0; w < words; w++) {
                raw += Long.bitCount(masks[base + w] ^ mask[w]);
            }
            int d = 2 * raw + prior[g];
            int cp = codePoints[g];
            if (d < bestA) {
                if (glyphA < 0 || codePoints[glyphA] != cp) {
                    secondA = bestA;
                }
                bestA = d;
                glyphA = g;
            } else if (d < secondA && codePoints[glyphA] != cp) {
                secondA = d;
            }
            int e = 2 * (bits - raw) + prior[g];
            if (e < bestB) {
                if (glyphB < 0 || codePoints[glyphB] != cp) {
                    secondB = bestB;
                }
                bestB = e;
                glyphB = g;
            } else if (e < secondB && codePoints[glyphB] != cp) {
                secondB = e;
            }
        }
        out.glyphA = glyphA;
        out.distA = bestA;
        out.secondA = secondA;
        out.glyphB = glyphB;
        out.distB = bestB;
        out.secondB = secondB;
    }

    /** Results of {@link #nearest}: A is the mask as it is, B its complement. */
    static final class Near {
        int glyphA;
        int distA;
        int secondA;
        int glyphB;
        int distB;
        int secondB;
    }

    private int hash(long[] mask, int from) {
        long h = 0x9E3779B97F4A7C15L;
        for (int w = 0; w < words; w++) {
            h = (h ^ mask[from + w]) * 0xC2B2AE3D27D4EB4FL;
            h ^= h >>> 29;
        }
        return (int) (h ^ h >>> 32);
    }

    @Override
    public String toString() {
        return "GlyphMatcher " + font.name();
    }
}
