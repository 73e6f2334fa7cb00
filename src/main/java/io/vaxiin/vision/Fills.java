package io.vaxiin.vision;

import java.util.List;

/**
 * The geometric characters that fill a cell rather than stroke it, for {@link BoxShapes}: block
 * elements (a rectangle of ink on the cell's edges, or quadrants of it) and shades (an even
 * dither over the whole cell), told from the shape alone in any font and at any cell size.
 */
final class Fills {

    private Fills() {}

    /** A rectangle of ink on the cell's edges (or quadrants of it), as a block element. */
    static int block(int[] rows, int width, int height, int ink) {
        int x0 = width, x1 = -1, y0 = height, y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (ink(rows, width, x, y)) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        int bw = x1 - x0 + 1;
        int bh = y1 - y0 + 1;
        if (bw * bh == ink) {
            if (bw == width && bh == height) {
                return 0x2588; // █
            }
            if (bw == width && (y0 == 0 || y1 == height - 1)) {
                int eighths = eighths(bh, height);
                if (eighths < 1 || eighths > 7) {
                    return -1;
                }
                if (y1 == height - 1) {
                    return 0x2580 + eighths; // ▁ … ▇
                }
                return eighths >= 3 && eighths <= 5 ? 0x2580 : eighths == 1 ? 0x2594 : -1; // ▀ ▔ (the only upper blocks)
            }
            if (bh == height && (x0 == 0 || x1 == width - 1)) {
                int eighths = bw == 1 ? Math.max(1, Math.round(8f / width)) : eighths(bw, width); // a column at the edge is no letter
                if (eighths < 1 || eighths > 7) {
                    return -1;
                }
                if (x0 == 0) {
                    return 0x2590 - eighths; // ▏ … ▉
                }
                return eighths >= 3 && eighths <= 5 ? 0x2590 : eighths == 1 ? 0x2595 : -1; // ▐ ▕ (the only right blocks)
            }
        }
        return quadrants(rows, width, height);
    }

    /** How many eighths of {@code whole} {@code part} is, when it is clearly that many (a one-pixel line of a tall cell is none). */
    private static int eighths(int part, int whole) {
        double e = 8.0 * part / whole;
        int n = (int) Math.round(e - 0.01); // 9 rows of 16 are a half, not five eighths
        return part >= 2 && e >= 0.75 ? n : -1; // a one-pixel line is a macron or an underscore as likely
    }

    private static final int[] QUADRANTS = new int[16];

    static {
        // bits: 1 upper left, 2 upper right, 4 lower left, 8 lower right
        QUADRANTS[4] = 0x2596;
        QUADRANTS[8] = 0x2597;
        QUADRANTS[1] = 0x2598;
        QUADRANTS[1 | 4 | 8] = 0x2599;
        QUADRANTS[1 | 8] = 0x259A;
        QUADRANTS[1 | 2 | 4] = 0x259B;
        QUADRANTS[1 | 2 | 8] = 0x259C;
        QUADRANTS[2] = 0x259D;
        QUADRANTS[2 | 4] = 0x259E;
        QUADRANTS[2 | 4 | 8] = 0x259F;
    }

    /** Quadrant blocks: each quarter of the cell all ink or all blank (halves of an odd size split either way). */
    private static int quadrants(int[] rows, int width, int height) {
        for (int sx : new int[] {width / 2, (width + 1) / 2}) {
            for (int sy : new int[] {height / 2, (height + 1) / 2}) {
                int bits = 0;
                boolean clean = true;
                for (int q = 0; q < 4 && clean; q++) {
                    int qx0 = (q & 1) == 0 ? 0 : sx, qx1 = (q & 1) == 0 ? sx : width;
                    int qy0 = q < 2 ? 0 : sy, qy1 = q < 2 ? sy : height;
                    int n = 0;
                    for (int y = qy0; y < qy1; y++) {
                        for (int x = qx0; x < qx1; x++) {
                            n += ink(rows, width, x, y) ? 1 : 0;
                        }
                    }
                    int area = (qx1 - qx0) * (qy1 - qy0);
                    if (n == area && area > 0) {
                        bits |= 1 << q;
                    } else if (n != 0) {
                        clean = false;
                    }
                }
                if (clean && QUADRANTS[bits] != 0) {
                    return QUADRANTS[bits];
                }
            }
        }
        return -1;
    }

    /**
     * An even dither over the whole cell: ░ (about a quarter ink), ▒ (half), ▓ (three quarters),
     * a pattern that repeats across and down within half the cell (a letter does not).
     */
    static int shade(int[] rows, int width, int height, int ink) {
        double share = (double) ink / (width * height);
        int cp = share >= 0.1 && share <= 0.36 ? 0x2591 : medium(share) ? 0x2592 : share >= 0.64 && share <= 0.9 ? 0x2593 : -1;
        if (cp < 0) {
            return -1;
        }
        // a dither covers the cell: ink in half its rows and half its columns at least
        int inkedRows = 0;
        int inkedColumns = 0;
        for (int r : rows) {
            inkedRows += r != 0 ? 1 : 0;
        }
        for (int x = 0; x < width; x++) {
            inkedColumns += blankColumn(rows, width, x) ? 0 : 1;
        }
        if (2 * inkedRows < height - 1 || 2 * inkedColumns < width - 1) {
            return -1;
        }
        boolean trimmed = blankColumn(rows, width, width - 1);
        if (cp == 0x2592 && !ownInverse(rows, width, height, width) && !(trimmed && ownInverse(rows, width, height, width - 1))) {
            // ▒ is its own inverse, moved; ░ is not, however much ink (Spleen 12x24's is 44 %, as VGA's ▒ is)
            cp = 2 * ink < width * height ? 0x2591 : 0x2593;
        }
        // dots no two of which touch (a small cell's ░ repeats every fourth row only): at a corner
        // neither for ░ (an 'x' of dots touches there), across and down neither for ▒ and ▓'s blanks
        if (cp == 0x2591 && scattered(rows, width, height, true, true) || cp == 0x2592 && scattered(rows, width, height, true, false)
                || cp == 0x2593 && scattered(rows, width, height, false, false)) {
            return cp;
        }
        // a VGA cell's ninth column is blank for a shade: the pattern is looked for with and without it
        for (int w = width; w >= (trimmed ? width - 1 : width); w--) {
            if (periodic(rows, width, height, w)) {
                return cp;
            }
        }
        return -1;
    }

    /** A shade this many times another's ink is a darker shade, whatever each is on its own. */
    static final double DARKER = 1.3;

    private static final int[] SHADES = {0x2591, 0x2592, 0x2593};

    /**
     * The shades {@code shapes} of one font ({@code width} × {@code height}) are, told relative to
     * each other: {@code shades} says what each is on its own ({@link #shade}: ░ ▒ ▓); where a
     * clearly darker one ({@link #DARKER} times the ink) is no darker a shade than a lighter one,
     * it is the next darker shade (efont 14 draws ▒ with 28 % ink, a ░ on its own). A shape of
     * more ink than blank is ordered in its light form, inverted (a ▒ in colours whose ink the
     * frame takes for its background is a ▓ of the ▒ inverted), after the others and against
     * them, and moves one of them only when it was itself moved by a lighter one (a font's ▓
     * need not be its ░ inverted: Spleen 12×24's is darker, and its light form, lighter than the
     * font's ░, moves nothing; efont 14's ▒ drawn the other way round, darker than its ░, makes
     * its 50 % ▓ the ▓). As given where they cannot all be ordered so.
     */
    static int[] relative(List<int[]> shapes, int[] shades, int width, int height) {
        int n = shapes.size();
        int full = width == 32 ? -1 : (1 << width) - 1;
        List<int[]> light = new java.util.ArrayList<>();
        boolean[] asDrawn = new boolean[n];
        int[] lightShade = new int[n];
        List<int[]> drawn = new java.util.ArrayList<>();
        List<Integer> drawnAt = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] rows = shapes.get(i);
            int ink = 0;
            for (int r : rows) {
                ink += Integer.bitCount(r);
            }
            asDrawn[i] = 2 * ink <= width * height;
            int[] form = rows;
            if (!asDrawn[i]) {
                form = new int[rows.length];
                for (int y = 0; y < rows.length; y++) {
                    form[y] = ~rows[y] & full;
                }
            }
            light.add(form);
            lightShade[i] = asDrawn[i] ? shades[i] : inverse(shades[i]);
            if (asDrawn[i]) {
                drawn.add(form);
                drawnAt.add(i);
            }
        }
        int[] first = inOrder(drawn, drawnAt.stream().mapToInt(i -> lightShade[i]).toArray(), new boolean[drawn.size()]);
        for (int j = 0; j < first.length; j++) {
            lightShade[drawnAt.get(j)] = first[j];
        }
        int[] ordered = inOrder(light, lightShade, asDrawn);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = asDrawn[i] ? ordered[i] : inverse(ordered[i]);
        }
        return out;
    }

    /** The shade that is {@code shade} in the other colours: ░ and ▓, ▒ itself. */
    private static int inverse(int shade) {
        return SHADES[SHADES.length - 1 - level(shade)];
    }

    /**
     * {@code shades} ordered by the ink of {@code shapes}: a clearly darker shape that is no
     * darker a shade than the next lighter one is the next darker shade, unless it is
     * {@code fixed} and that lighter one kept its own shade; as given when that would go past ▓.
     */
    private static int[] inOrder(List<int[]> shapes, int[] shades, boolean[] fixed) {
        Integer[] order = new Integer[shapes.size()];
        int[] ink = new int[shapes.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            for (int r : shapes.get(i)) {
                ink[i] += Integer.bitCount(r);
            }
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> ink[i]));
        int[] out = shades.clone();
        boolean[] moved = new boolean[order.length];
        for (int k = 1; k < order.length; k++) {
            int i = order[k];
            int lighter = order[k - 1];
            int level = level(out[i]);
            if ((!fixed[i] || moved[lighter]) && ink[i] >= DARKER * ink[lighter] && level <= level(out[lighter])) {
                level = level(out[lighter]) + 1;
                if (level >= SHADES.length) {
                    return shades.clone();
                }
                out[i] = SHADES[level];
                moved[i] = true;
            }
        }
        return out;
    }

    private static int level(int shade) {
        for (int l = 0; l < SHADES.length; l++) {
            if (SHADES[l] == shade) {
                return l;
            }
        }
        throw new IllegalArgumentException("not a shade: " + shade);
    }

    /** Whether {@code cp} is ░, ▒ or ▓. */
    static boolean isShade(int cp) {
        return cp == 0x2591 || cp == 0x2592 || cp == 0x2593;
    }

    /** Whether a share of ink is a medium shade's: about half. */
    private static boolean medium(double share) {
        return share >= 0.38 && share <= 0.62;
    }

    /**
     * Whether a shade's shape is its own inverse, moved (a checkerboard; a VGA cell's blank ninth
     * column aside): drawn the other way round, it is the same shade.
     */
    static boolean selfInverse(int[] rows, int width, int height) {
        int ink = 0;
        for (int r : rows) {
            ink += Integer.bitCount(r);
        }
        double share = (double) ink / (width * height);
        // about half ink, as a medium shade has (the pattern test forgives a few pixels at the edges)
        return medium(share) && (ownInverse(rows, width, height, width)
                || blankColumn(rows, width, width - 1) && ownInverse(rows, width, height, width - 1));
    }

    /**
     * Whether the first {@code w} columns, inverted, are the same pattern moved by less than half of
     * them, but for a few pixels at the edges: a medium shade.
     */
    private static boolean ownInverse(int[] rows, int width, int height, int w) {
        for (int dy = 0; dy <= height / 3; dy++) {
            for (int dx = dy == 0 ? 1 : 0; dx <= w / 2; dx++) {
                int off = 0;
                for (int y = 0; y + dy < height; y++) {
                    for (int x = 0; x + dx < w; x++) {
                        off += ink(rows, width, x, y) == ink(rows, width, x + dx, y + dy) ? 1 : 0;
                    }
                }
                if (off <= (w + height) / 2) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the first {@code w} columns repeat across and down within half of them, but for a few pixels. */
    private static boolean periodic(int[] rows, int width, int height, int w) {
        for (int py = 2; py <= height / 3; py++) { // at least three times down: '≈' is twice
            for (int px = 2; px <= w / 2; px++) {
                int off = 0;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < w; x++) {
                        boolean i = ink(rows, width, x, y);
                        if (x + px < w && i != ink(rows, width, x + px, y) || y + py < height && i != ink(rows, width, x, y + py)) {
                            off++;
                        }
                    }
                }
                // a font trims the pattern at the cell's edges: a few pixels off
                if (off <= (w + height) / 2) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether no two {@code ink} (or, false, blank) pixels touch across or down, nor with
     * {@code corners} at a corner: a dither, which no stroke of a letter is.
     */
    private static boolean scattered(int[] rows, int width, int height, boolean ink, boolean corners) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (ink(rows, width, x, y) != ink) {
                    continue;
                }
                boolean below = y + 1 < height;
                if (x + 1 < width && ink(rows, width, x + 1, y) == ink || below && ink(rows, width, x, y + 1) == ink
                        || corners && below && (x + 1 < width && ink(rows, width, x + 1, y + 1) == ink
                                || x > 0 && ink(rows, width, x - 1, y + 1) == ink)) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean blankColumn(int[] rows, int width, int x) {
        for (int r : rows) {
            if ((r >>> (width - 1 - x) & 1) != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean ink(int[] rows, int width, int x, int y) {
        return (rows[y] >>> (width - 1 - x) & 1) != 0;
    }
}
