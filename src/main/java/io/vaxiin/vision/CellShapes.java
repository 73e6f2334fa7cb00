package io.vaxiin.vision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells of a frame on a {@link CellGrid}, as shapes: each two-colour cell's ink (the colour
 * that is not its background), grouped by exact shape, since a bitmap font draws a character the
 * same way wherever it stands and in whatever colours.
 */
final class CellShapes {

    private CellShapes() {}

    /** One cell's shape: bit {@code width - 1 - x} of {@code rows[y]} is ink (as {@link BitmapFont.Glyph}). */
    record Shape(int[] rows) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Shape s && Arrays.equals(s.rows, rows);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(rows);
        }
    }


    /** The cells of one frame: each cell's shape index (-1 blank, -2 more than two colours). */
    record Cells(CellGrid grid, int[] shapeOf, List<Shape> shapes, int inked, int mixed) {
        /** How many cells each shape has. */
        int[] counts() {
            int[] n = new int[shapes.size()];
            for (int s : shapeOf) {
                if (s >= 0) {
                    n[s]++;
                }
            }
            return n;
        }
    }


    static Cells of(int[] px, int width, CellGrid g) {
        return of(px, width, g, null);
    }

    /** As {@link #of(int[], int, CellGrid)}, telling one-colour cells by {@code changes} (may be null) in constant time. */
    static Cells of(int[] px, int width, CellGrid g, ColourChanges changes) {
        int n = g.cols() * g.rows();
        int[] first = new int[n];
        int[] second = new int[n];
        byte[] colours = new byte[n]; // 1, 2, or 3 for more
        for (int r = 0; r < g.rows(); r++) {
            for (int c = 0; c < g.cols(); c++) {
                int k = r * g.cols() + c;
                int x0 = g.originX() + c * g.width();
                int y0 = g.originY() + r * g.height();
                if (changes != null && changes.oneColour(x0, y0, g.width(), g.height())) {
                    first[k] = px[y0 * width + x0];
                    second[k] = first[k];
                    colours[k] = 1;
                    continue;
                }
                colours(px, width, x0, y0, g.width(), g.height(), k, first, second, colours);
            }
        }
        int[] shapeOf = new int[n];
        Map<Shape, Integer> index = new HashMap<>();
        List<Shape> shapes = new ArrayList<>();
        int inked = 0;
        int mixed = 0;
        int[] rows = new int[g.height()];
        for (int r = 0; r < g.rows(); r++) {
            int rowBackground = rowBackground(first, colours, r * g.cols(), g.cols());
            for (int c = 0; c < g.cols(); c++) {
                int k = r * g.cols() + c;
                if (colours[k] == 1) {
                    shapeOf[k] = -1;
                    continue;
                }
                inked++;
                if (colours[k] == 3) {
                    mixed++;
                    shapeOf[k] = -2;
                    continue;
                }
                shape(px, width, g.originX() + c * g.width(), g.originY() + r * g.height(), g.width(), g.height(),
                        first[k], second[k], background(first, colours, r * g.cols(), g.cols(), c, rowBackground, first[k], second[k]), rows);
                Shape s = new Shape(rows.clone());
                Integer i = index.get(s);
                if (i == null) {
                    i = shapes.size();
                    index.put(s, i);
                    shapes.add(s);
                }
                shapeOf[k] = i;
            }
        }
        return new Cells(g, shapeOf, shapes, inked, mixed);
    }

    /** A cell's colours: the first and the second it has (the same for one), and how many (3: more than two). */
    static void colours(int[] px, int width, int x0, int y0, int w, int h, int k, int[] first, int[] second, byte[] colours) {
        int a = px[y0 * width + x0];
        int b = a;
        byte count = 1;
        for (int y = 0; y < h; y++) {
            int i = (y0 + y) * width + x0;
            for (int x = 0; x < w; x++, i++) {
                int p = px[i];
                if (p != a && p != b) {
                    if (count == 1) {
                        b = p;
                        count = 2;
                    } else {
                        first[k] = a;
                        second[k] = b;
                        colours[k] = 3;
                        return;
                    }
                }
            }
        }
        first[k] = a;
        second[k] = b;
        colours[k] = count;
    }

    /**
     * The background a cell of colours {@code a} and {@code b} stands on, if its row tells: the
     * row's background where it is one of them, else the colour of the nearest one-colour cell
     * beside it that is (a dialog's shadow stands on the screen's colour, not the dialog's); -1.
     */
    private static int background(int[] first, byte[] colours, int from, int cols, int c, int rowBackground, int a, int b) {
        if (rowBackground == a || rowBackground == b) {
            return rowBackground;
        }
        for (int d = 1; d <= 3; d++) {
            for (int n : new int[] {c - d, c + d}) {
                if (n >= 0 && n < cols && colours[from + n] == 1 && (first[from + n] == a || first[from + n] == b)) {
                    return first[from + n];
                }
            }
        }
        return -1;
    }

    /** The commonest colour of a grid row's one-colour cells (its background, where its text stands), or -1. */
    private static int rowBackground(int[] first, byte[] colours, int from, int cols) {
        Map<Integer, Integer> count = new HashMap<>();
        int best = -1;
        int most = 0;
        for (int k = from; k < from + cols; k++) {
            if (colours[k] == 1) {
                int n = count.merge(first[k], 1, Integer::sum);
                if (n > most) {
                    most = n;
                    best = first[k];
                }
            }
        }
        return best;
    }

    /**
     * A two-colour cell's shape into {@code rows}: ink is the colour that is not the background,
     * the colour most of the cell's border is (then most of the cell, then the darker). A cell
     * whose ink covers much of its border may be a shade or a block, whose polarity the border
     * does not tell (▓ is ░ inverted): when it is one, the row's background decides.
     */
    private static void shape(int[] px, int width, int x0, int y0, int w, int h, int a, int b, int besideBackground, int[] rows) {
        int borderA = 0;
        int allA = 0;
        for (int y = 0; y < h; y++) {
            int i = (y0 + y) * width + x0;
            for (int x = 0; x < w; x++, i++) {
                if (px[i] == a) {
                    allA++;
                    if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
                        borderA++;
                    }
                }
            }
        }
        int border = 2 * (w + h) - 4;
        int bg = 2 * borderA > border ? a : 2 * borderA < border ? b
                : 2 * allA > w * h ? a : 2 * allA < w * h ? b : ScreenLines.luma(a) <= ScreenLines.luma(b) ? a : b;
        fill(px, width, x0, y0, w, h, bg, rows);
        int inkOnBorder = bg == a ? border - borderA : borderA;
        if (besideBackground >= 0 && bg != besideBackground && 4 * inkOnBorder >= border) {
            int cp = BoxShapes.classify(rows, w, h, BoxShapes.lightStrokes(w, h));
            if (cp >= 0x2580 && cp <= 0x259F) {
                fill(px, width, x0, y0, w, h, besideBackground, rows);
            }
        }
    }

    private static void fill(int[] px, int width, int x0, int y0, int w, int h, int bg, int[] rows) {
        for (int y = 0; y < h; y++) {
            int i = (y0 + y) * width + x0;
            int row = 0;
            for (int x = 0; x < w; x++, i++) {
                row = row << 1 | (px[i] != bg ? 1 : 0);
            }
            rows[y] = row;
        }
    }
}
