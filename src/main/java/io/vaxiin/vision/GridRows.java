package io.vaxiin.vision;

import static io.vaxiin.vision.CellMatching.AMBIGUOUS;
import static io.vaxiin.vision.CellMatching.BLANK;
import static io.vaxiin.vision.CellMatching.GLYPH;
import static io.vaxiin.vision.CellMatching.UNKNOWN;

import io.vaxiin.vision.CellMatching.Row;
import io.vaxiin.vision.CellMatching.Work;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a grid row by row: each cell by {@link CellMatching}, then what only the row tells: which
 * way a glyph that reads both ways is meant (by its neighbours' background), and which runs of
 * one-colour cells are full blocks rather than spaces; and the screen's background colour.
 */
final class GridRows {

    /**
     * The commonest colour (to 4 bits a channel) at the cells' top-left pixels, a scanline nearly
     * every glyph leaves blank: the screen's background, which a run of full blocks never is.
     */
    static int screenBackground(int[] px, int width, GridTextReader.Grid grid) {
        int size = 64;
        int[] colours = new int[size];
        int[] counts = new int[size];
        int[] samples = new int[size];
        Arrays.fill(colours, -1);
        int used = 0;
        for (int r = 0; r < grid.rows(); r++) {
            int base = (grid.originY() + r * grid.cellHeight()) * width + grid.originX();
            for (int c = 0; c < grid.cols(); c++) {
                int p = px[base + c * grid.cellWidth()];
                int q = p & 0xF0F0F0;
                int i = (q * 0x9E3779B1 >>> 26) & (size - 1);
                while (colours[i] != -1 && colours[i] != q) {
                    i = (i + 1) & (size - 1);
                }
                if (colours[i] == -1) {
                    if (used == size - 1) {
                        continue; // a frame of many colours: count the first few only
                    }
                    colours[i] = q;
                    samples[i] = p;
                    used++;
                }
                counts[i]++;
            }
        }
        int best = 0;
        for (int i = 1; i < size; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return samples[best];
    }

    /** Reads every cell of {@code grid} on a frame of {@code width} (native) pixels a line. */
    static GridTextReader.Reading readGrid(int[] px, int width, GridTextReader.Grid grid, GlyphMatcher m) {
        Row row = new Row(grid.cols());
        row.screenBackground = screenBackground(px, width, grid);
        Work work = new Work();
        work.use(m);
        List<String> lines = new ArrayList<>(grid.rows());
        int glyphs = 0;
        int unknown = 0;
        int near = 0;
        for (int r = 0; r < grid.rows(); r++) {
            lines.add(readRow(px, width, grid, r, row, work));
            glyphs += row.glyphs;
            unknown += row.unknown;
            near += row.nearGlyphs;
        }
        return new GridTextReader.Reading(lines, grid, glyphs, unknown, near);
    }

    /**
     * Reads grid row {@code r} into a string (trailing blanks cut), counting into {@code row};
     * {@code work} is set to the grid's font.
     */
    static String readRow(int[] px, int width, GridTextReader.Grid grid, int r, Row row, Work work) {
        int cols = grid.cols();
        int y0 = grid.originY() + r * grid.cellHeight();
        row.glyphs = 0;
        row.unknown = 0;
        row.nearGlyphs = 0;
        for (int c = 0; c < cols; c++) {
            CellMatching.decode(px, width, grid.originX() + c * grid.cellWidth(), y0, work, row, c);
        }
        resolveAmbiguous(row, cols);
        int[] out = new int[cols];
        for (int c = 0; c < cols; c++) {
            switch (row.kind[c]) {
                case GLYPH -> {
                    out[c] = row.code[c];
                    if (out[c] != ' ') {
                        row.glyphs++;
                        if (row.near[c]) {
                            row.nearGlyphs++;
                        }
                    }
                }
                case UNKNOWN -> {
                    out[c] = '\uFFFD';
                    row.unknown++;
                }
                default -> out[c] = ' ';
            }
        }
        resolveBlankRuns(row, cols, out);
        hyphens(out, cols, work.m.font);
        int end = cols;
        while (end > 0 && out[end - 1] == ' ') {
            end--;
        }
        return new String(out, 0, end);
    }

    /** How many cells a run of '─' may be and still be hyphens ("--force"). */
    static final int HYPHEN_RUN = 2;

    /**
     * A short run of '─' that stands against a letter or digit or between spaces, with no box
     * drawing or block at either end, is hyphens, when the font has no '-' of its own: a font that
     * draws its hyphen as a line through the middle of the cell from edge to edge (Lucida
     * Typewriter 7x13) has one bitmap for both, and a box line joins box drawing, where "-y" and
     * "x86-64" stand in words.
     */
    private static void hyphens(int[] out, int cols, BitmapFont font) {
        if (font.glyph('-') != null) {
            return;
        }
        for (int c = 0; c < cols; c++) {
            if (out[c] != 0x2500) {
                continue;
            }
            int end = c;
            while (end < cols && out[end] == 0x2500) {
                end++;
            }
            int before = c > 0 ? out[c - 1] : ' ';
            int after = end < cols ? out[end] : ' ';
            boolean inWords = Character.isLetterOrDigit(before) || Character.isLetterOrDigit(after) || before == ' ' && after == ' ';
            if (end - c <= HYPHEN_RUN && inWords && !BoxShapes.geometric(before) && !BoxShapes.geometric(after)) {
                Arrays.fill(out, c, end, '-');
            }
            c = end;
        }
    }

    /**
     * A glyph that reads both ways (▀/▄, ▌/▐, •/◘, or a cell that reads near one glyph and near
     * the inverse of another) reads by the background of the nearest plain glyph in the row,
     * else by the row's commonest blank colour.
     */
    private static void resolveAmbiguous(Row row, int cols) {
        int rowBackground = -1;
        for (int c = 0; c < cols; c++) {
            if (row.kind[c] != AMBIGUOUS) {
                continue;
            }
            int nearest = nearestGlyph(row, cols, c);
            int background;
            if (nearest >= 0) {
                background = row.bg[nearest];
            } else {
                if (rowBackground < 0) {
                    rowBackground = commonestBlank(row, cols);
                }
                background = rowBackground < 0 ? row.screenBackground : rowBackground;
            }
            row.kind[c] = GLYPH;
            if (background >= 0
                && CellColours.distance(background, row.fg[c]) < CellColours.distance(background, row.bg[c])) {
                row.code[c] = row.code2[c]; // the other reading: colours swapped
                int swap = row.fg[c];
                row.fg[c] = row.bg[c];
                row.bg[c] = swap;
            }
            if (row.code[c] == ' ' || row.code[c] == '\u2588') {
                row.kind[c] = BLANK;
                row.bg[c] = row.code[c] == ' ' ? row.bg[c] : row.fg[c];
            }
        }
    }

    private static int nearestGlyph(Row row, int cols, int c) {
        for (int d = 1; d < cols; d++) {
            if (c - d >= 0 && row.kind[c - d] == GLYPH) {
                return c - d;
            }
            if (c + d < cols && row.kind[c + d] == GLYPH) {
                return c + d;
            }
            if (c - d < 0 && c + d >= cols) {
                break;
            }
        }
        return -1;
    }

    private static int commonestBlank(Row row, int cols) {
        int best = -1;
        int bestCount = 0;
        for (int c = 0; c < cols; c++) {
            if (row.kind[c] != BLANK) {
                continue;
            }
            int count = 0;
            for (int d = 0; d < cols; d++) {
                if (row.kind[d] == BLANK && CellColours.same(row.bg[d], row.bg[c])) {
                    count++;
                }
            }
            if (count > bestCount) {
                bestCount = count;
                best = row.bg[c];
            }
            if (count * 2 > cols) {
                break;
            }
        }
        return best;
    }

    /**
     * A run of one-colour cells this short with no glyph after it on the row is spaces whatever
     * its colour: a terminal's block cursor at the end of a prompt, or a dialog box's shadow; and
     * so is one with no glyph before it: the frame's border left of a text area centred in it
     * (a 80x25 dialog at 12x24 starts 2 2/3 cells in, so the grid has two cells of border).
     */
    static final int EDGE_SPACES = 2;

    /**
     * One-colour cells are spaces, except a run in the foreground colour of the glyphs beside it
     * (and not their background, nor the screen's background): that is a run of full blocks, as
     * in a progress bar; but not a short run that ends or begins the row (see {@link #EDGE_SPACES}).
     */
    private static void resolveBlankRuns(Row row, int cols, int[] out) {
        int c = 0;
        while (c < cols) {
            if (row.kind[c] != BLANK) {
                c++;
                continue;
            }
            int colour = row.bg[c];
            int end = c;
            while (end < cols && row.kind[end] == BLANK && CellColours.same(row.bg[end], colour)) {
                end++;
            }
            // a medium shade is itself in the other colours: which of its colours is the ink says nothing
            int left = c - 1;
            while (left >= 0 && (row.kind[left] != GLYPH || out[left] == '\u2592')) {
                left--;
            }
            int right = end;
            while (right < cols && (row.kind[right] != GLYPH || out[right] == '\u2592')) {
                right++;
            }
            boolean besideBackground = (left >= 0 && CellColours.same(row.bg[left], colour))
                || (right < cols && CellColours.same(row.bg[right], colour));
            boolean besideForeground = (left >= 0 && CellColours.same(row.fg[left], colour))
                || (right < cols && CellColours.same(row.fg[right], colour));
            boolean edge = (right >= cols || left < 0) && end - c <= EDGE_SPACES;
            if (!besideBackground && besideForeground && !CellColours.same(colour, row.screenBackground) && !edge) {
                for (int i = c; i < end; i++) {
                    out[i] = '\u2588';
                    row.glyphs++;
                }
            }
            c = end;
        }
    }

    private GridRows() {
    }
}
