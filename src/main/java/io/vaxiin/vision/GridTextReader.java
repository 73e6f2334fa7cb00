package io.vaxiin.vision;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads consoles drawn with a known 8×16 bitmap font exactly, cell by cell: VGA text mode
 * (720×400, 9×16 cells with the ninth-column rule) and 8×16 cells on graphical frames
 * (640×400, 640×480, 1024×768, ...) at any origin.
 *
 * <p>Each cell is read against its own two colours, so any foreground/background pair, inverse
 * video and coloured bars read right; a cell of one colour is a space (or a full block when it
 * has a neighbouring glyph's foreground colour); an underline cursor over a cell is seen
 * through. A cell that is no glyph of the font is <em>unknown</em>: {@link #tryRead} then says
 * it is not confident and a caller can fall back to OCR.
 *
 * <p>Stateless and thread-safe; {@link ChangeTracker} adds caching between frames.
 */
public final class GridTextReader implements TextReader {

    /** The {@link ScreenText#reader()} name of this reader. */
    public static final String NAME = "grid";

    /** Unknown cells allowed per glyph cell read before the reading is not confident (1 in 100). */
    static final int GLYPHS_PER_UNKNOWN_ALLOWED = 100;

    private static final int CELL_HEIGHT = 16;
    private static final int ANCHORS = 48;

    static final int BLANK = 0;
    static final int GLYPH = 1;
    static final int AMBIGUOUS = 2;
    static final int UNKNOWN = 3;

    /**
     * Where the character grid lies on a frame.
     *
     * @param cellWidth  8 or 9 pixels
     * @param cellHeight 16 pixels
     * @param originX    left of the first cell
     * @param originY    top of the first cell
     * @param cols       whole cells across
     * @param rows       whole cells down
     */
    public record Grid(int cellWidth, int cellHeight, int originX, int originY, int cols, int rows) {

        static Grid fit(int cellWidth, int originX, int originY, int width, int height) {
            int cols = (width - originX) / cellWidth;
            int rows = (height - originY) / CELL_HEIGHT;
            return cols < 1 || rows < 1 ? null : new Grid(cellWidth, CELL_HEIGHT, originX, originY, cols, rows);
        }

        boolean fits(int width, int height) {
            return originX + cols * cellWidth <= width && originY + rows * cellHeight <= height
                && fit(cellWidth, originX, originY, width, height).equals(this);
        }
    }

    /**
     * What the reader made of a frame.
     *
     * @param lines        one line per grid row, trailing blanks cut; unknown cells as U+FFFD
     * @param grid         the grid found, or null when none fits the frame
     * @param glyphCells   cells read as a non-blank glyph
     * @param unknownCells cells that are no glyph of the font
     */
    public record Reading(List<String> lines, Grid grid, int glyphCells, int unknownCells) {

        public Reading {
            lines = List.copyOf(lines);
        }

        /** True when a grid was found and at most one cell in a hundred read is unknown. */
        public boolean confident() {
            return grid != null && (long) unknownCells * GLYPHS_PER_UNKNOWN_ALLOWED <= glyphCells;
        }

        /** Share of the non-blank cells that are known glyphs (1 for a blank screen, 0 without a grid). */
        public double confidence() {
            if (grid == null) {
                return 0;
            }
            int seen = glyphCells + unknownCells;
            return seen == 0 ? 1 : (double) glyphCells / seen;
        }

        public ScreenText text() {
            return new ScreenText(lines, NAME);
        }
    }

    private final GlyphTable nine;
    private final GlyphTable eight;

    /** A reader of the VGA BIOS 8×16 font. */
    public GridTextReader() {
        this(VgaFont.vga());
    }

    /** A reader of any 8×16 bitmap font. */
    public GridTextReader(VgaFont font) {
        this.nine = new GlyphTable(font, 9);
        this.eight = new GlyphTable(font, 8);
    }

    /** The text when the screen reads confidently, else empty lines. */
    @Override
    public ScreenText read(BufferedImage image) {
        return tryRead(image).orElse(new ScreenText(List.of(), NAME));
    }

    /** The text, or empty when this is not a screen of this font (then try OCR). */
    public Optional<ScreenText> tryRead(BufferedImage image) {
        Reading reading = analyse(image);
        return reading.confident() ? Optional.of(reading.text()) : Optional.empty();
    }

    /** Finds the grid and reads every cell. */
    public Reading analyse(BufferedImage image) {
        return analyse(Pixels.rgb(image), image.getWidth(), image.getHeight(), null);
    }

    /** Like {@link #analyse(BufferedImage)}, trying {@code hint} (a grid found before) first. */
    public Reading analyse(BufferedImage image, Grid hint) {
        return analyse(Pixels.rgb(image), image.getWidth(), image.getHeight(), hint);
    }

    Reading analyse(int[] px, int width, int height, Grid hint) {
        if (width < 8 || height < CELL_HEIGHT) {
            return new Reading(List.of(), null, 0, 0);
        }
        List<Grid> quick = new ArrayList<>(3);
        if (hint != null && hint.fits(width, height)) {
            quick.add(hint);
        }
        if (width % 9 == 0 && height % CELL_HEIGHT == 0) {
            quick.add(Grid.fit(9, 0, 0, width, height));
        }
        if (width % 8 == 0 && height % CELL_HEIGHT == 0) {
            quick.add(Grid.fit(8, 0, 0, width, height));
        }
        for (Grid grid : quick) {
            Reading reading = readGrid(px, width, grid);
            if (reading.unknownCells() == 0) {
                return reading;
            }
        }
        Grid found = locate(px, width, height);
        if (found == null) {
            return new Reading(List.of(), null, 0, 0);
        }
        return readGrid(px, width, found);
    }

    /**
     * The commonest colour at the cells' top-left pixels (a scanline nearly every glyph leaves
     * blank): the screen's background, which a run of full blocks never is.
     */
    static int screenBackground(int[] px, int width, Grid grid) {
        int size = 64;
        int[] colours = new int[size];
        int[] counts = new int[size];
        java.util.Arrays.fill(colours, -1);
        int used = 0;
        for (int r = 0; r < grid.rows(); r++) {
            int base = (grid.originY() + r * grid.cellHeight()) * width + grid.originX();
            for (int c = 0; c < grid.cols(); c++) {
                int p = px[base + c * grid.cellWidth()];
                int i = (p * 0x9E3779B1 >>> 26) & (size - 1);
                while (colours[i] != -1 && colours[i] != p) {
                    i = (i + 1) & (size - 1);
                }
                if (colours[i] == -1) {
                    if (used == size - 1) {
                        continue; // a frame of many colours: count the first few only
                    }
                    colours[i] = p;
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
        return colours[best];
    }

    /** Reads every cell of {@code grid}. */
    Reading readGrid(int[] px, int width, Grid grid) {
        Row row = new Row(grid.cols());
        row.screenBackground = screenBackground(px, width, grid);
        List<String> lines = new ArrayList<>(grid.rows());
        int glyphs = 0;
        int unknown = 0;
        for (int r = 0; r < grid.rows(); r++) {
            lines.add(readRow(px, width, grid, r, row));
            glyphs += row.glyphs;
            unknown += row.unknown;
        }
        return new Reading(lines, grid, glyphs, unknown);
    }

    /**
     * Searches every cell width and origin for the grid on which the most sampled cells are
     * glyphs; null when no grid reads any. The samples are cells under ink (a pixel unlike its
     * left neighbour), spread over the frame.
     */
    Grid locate(int[] px, int width, int height) {
        int[] anchors = anchors(px, width, height);
        if (anchors.length == 0) {
            return Grid.fit(width % 9 == 0 ? 9 : 8, 0, 0, width, height);
        }
        Row scratch = new Row(1);
        Grid best = null;
        int bestScore = 0;
        for (GlyphTable table : new GlyphTable[] {nine, eight}) {
            int cw = table.cellWidth();
            for (int oy = 0; oy < CELL_HEIGHT; oy++) {
                for (int ox = 0; ox < cw; ox++) {
                    Grid grid = Grid.fit(cw, ox, oy, width, height);
                    if (grid == null) {
                        continue;
                    }
                    int score = 0;
                    for (int a = 0; a < anchors.length; a += 2) {
                        int x = anchors[a];
                        int y = anchors[a + 1];
                        int col = Math.floorDiv(x - ox, cw);
                        int r = Math.floorDiv(y - oy, CELL_HEIGHT);
                        if (col < 0 || r < 0 || col >= grid.cols() || r >= grid.rows()) {
                            continue;
                        }
                        int kind = decode(px, width, ox + col * cw, oy + r * CELL_HEIGHT, table, scratch, 0);
                        score += kind == GLYPH || kind == AMBIGUOUS ? 1 : kind == UNKNOWN ? -1 : 0;
                    }
                    if (score > bestScore) {
                        bestScore = score;
                        best = grid;
                    }
                }
            }
        }
        return best;
    }

    /** Up to ANCHORS ink pixels as x,y pairs, taken evenly from every third scanline. */
    private static int[] anchors(int[] px, int width, int height) {
        int total = 0;
        for (int y = 1; y < height; y += 3) {
            int base = y * width;
            for (int x = 1; x < width; x++) {
                if (px[base + x] != px[base + x - 1]) {
                    total++;
                }
            }
        }
        int take = Math.min(ANCHORS, total);
        int[] out = new int[take * 2];
        if (take == 0) {
            return out;
        }
        long step = Math.max(1, total / take);
        int seen = 0;
        int n = 0;
        for (int y = 1; y < height && n < take; y += 3) {
            int base = y * width;
            for (int x = 1; x < width && n < take; x++) {
                if (px[base + x] != px[base + x - 1]) {
                    if (seen % step == step / 2) {
                        out[2 * n] = x;
                        out[2 * n + 1] = y;
                        n++;
                    }
                    seen++;
                }
            }
        }
        return n == take ? out : java.util.Arrays.copyOf(out, 2 * n);
    }

    /** Per-row working storage (one per reading, not shared between threads). */
    static final class Row {
        final int[] kind;
        final int[] code;
        final int[] code2;
        final int[] fg;
        final int[] bg;
        int glyphs;
        int unknown;
        /** The commonest colour on the screen (see {@link #screenBackground}). */
        int screenBackground = -1;

        Row(int cols) {
            kind = new int[cols];
            code = new int[cols];
            code2 = new int[cols];
            fg = new int[cols];
            bg = new int[cols];
        }
    }

    /** Reads grid row {@code r} into a string (trailing blanks cut), counting into {@code row}. */
    String readRow(int[] px, int width, Grid grid, int r, Row row) {
        GlyphTable table = grid.cellWidth() == 9 ? nine : eight;
        int cols = grid.cols();
        int y0 = grid.originY() + r * grid.cellHeight();
        row.glyphs = 0;
        row.unknown = 0;
        for (int c = 0; c < cols; c++) {
            decode(px, width, grid.originX() + c * grid.cellWidth(), y0, table, row, c);
        }
        resolveAmbiguous(row, cols);
        char[] out = new char[cols];
        for (int c = 0; c < cols; c++) {
            switch (row.kind[c]) {
                case GLYPH -> {
                    out[c] = Cp437.toUnicode(row.code[c]);
                    if (out[c] != ' ') {
                        row.glyphs++;
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
        int end = cols;
        while (end > 0 && out[end - 1] == ' ') {
            end--;
        }
        return new String(out, 0, end);
    }

    /**
     * A glyph that is the exact inverse of another (▀/▄, ▌/▐, •/◘) reads by the background of
     * the nearest plain glyph in the row, else by the row's commonest blank colour.
     */
    private static void resolveAmbiguous(Row row, int cols) {
        int rowBackground = -1;
        for (int c = 0; c < cols; c++) {
            if (row.kind[c] != AMBIGUOUS) {
                continue;
            }
            int near = nearestGlyph(row, cols, c);
            int background;
            if (near >= 0) {
                background = row.bg[near];
            } else {
                if (rowBackground < 0) {
                    rowBackground = commonestBlank(row, cols);
                }
                background = rowBackground;
            }
            row.kind[c] = GLYPH;
            if (background == row.fg[c]) { // the other reading: colours swapped
                row.code[c] = row.code2[c];
                int swap = row.fg[c];
                row.fg[c] = row.bg[c];
                row.bg[c] = swap;
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
                if (row.kind[d] == BLANK && row.bg[d] == row.bg[c]) {
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
     * One-colour cells are spaces, except a run in the foreground colour of the glyphs beside it
     * (and not their background, nor the screen's background): that is a run of full blocks, as
     * in a progress bar.
     */
    private static void resolveBlankRuns(Row row, int cols, char[] out) {
        int c = 0;
        while (c < cols) {
            if (row.kind[c] != BLANK) {
                c++;
                continue;
            }
            int colour = row.bg[c];
            int end = c;
            while (end < cols && row.kind[end] == BLANK && row.bg[end] == colour) {
                end++;
            }
            int left = c - 1;
            while (left >= 0 && row.kind[left] != GLYPH) {
                left--;
            }
            int right = end;
            while (right < cols && row.kind[right] != GLYPH) {
                right++;
            }
            boolean besideBackground = (left >= 0 && row.bg[left] == colour)
                || (right < cols && row.bg[right] == colour);
            boolean besideForeground = (left >= 0 && row.fg[left] == colour)
                || (right < cols && row.fg[right] == colour);
            if (!besideBackground && besideForeground && colour != row.screenBackground) {
                for (int i = c; i < end; i++) {
                    out[i] = '\u2588';
                    row.glyphs++;
                }
            }
            c = end;
        }
    }

    /**
     * Reads the cell whose top-left pixel is (x0, y0) into slot {@code c} of {@code row} and returns
     * its kind. A cell is either one colour (blank), or two colours one of which draws a glyph
     * (possibly under an underline cursor), or unknown.
     */
    static int decode(int[] px, int width, int x0, int y0, GlyphTable table, Row row, int c) {
        int c0 = px[y0 * width + x0];
        int c1 = c0;
        boolean two = false;
        long hi = 0;
        long lo = 0;
        int col9 = 0;
        boolean nine = table.cellWidth() == 9;
        for (int y = 0; y < CELL_HEIGHT; y++) {
            int base = (y0 + y) * width + x0;
            int bits = 0;
            for (int x = 0; x < 8; x++) {
                int p = px[base + x];
                bits <<= 1;
                if (p != c0) {
                    if (!two) {
                        c1 = p;
                        two = true;
                    } else if (p != c1) {
                        row.kind[c] = UNKNOWN;
                        return UNKNOWN;
                    }
                    bits |= 1;
                }
            }
            if (nine) {
                int p = px[base + 8];
                if (p != c0) {
                    if (!two) {
                        c1 = p;
                        two = true;
                    } else if (p != c1) {
                        row.kind[c] = UNKNOWN;
                        return UNKNOWN;
                    }
                    col9 |= 1 << (15 - y);
                }
            }
            if (y < 8) {
                hi = hi << 8 | bits;
            } else {
                lo = lo << 8 | bits;
            }
        }
        if (!two) {
            row.kind[c] = BLANK;
            row.bg[c] = c0;
            row.fg[c] = c0;
            return BLANK;
        }
        int asIs = table.find(hi, lo, col9);          // c1 draws the glyph on c0
        int inverse = table.find(~hi, ~lo, ~col9 & 0xFFFF); // c0 draws it on c1
        if (asIs < 0 && inverse < 0) {
            asIs = underCursor(table, hi, lo, col9);
            if (asIs < 0) {
                inverse = underCursor(table, ~hi, ~lo, ~col9 & 0xFFFF);
            }
        }
        if (asIs >= 0) {
            row.kind[c] = inverse >= 0 ? AMBIGUOUS : GLYPH;
            row.code[c] = asIs;
            row.code2[c] = inverse;
            row.fg[c] = c1;
            row.bg[c] = c0;
        } else if (inverse >= 0) {
            row.kind[c] = GLYPH;
            row.code[c] = inverse;
            row.fg[c] = c0;
            row.bg[c] = c1;
        } else {
            row.kind[c] = UNKNOWN;
        }
        return row.kind[c];
    }

    /**
     * The glyph under an underline cursor: a band of lower scanlines that are entirely foreground,
     * ignored for the match; shortest bands first so a glyph's own full line ('_') stays.
     */
    private static int underCursor(GlyphTable table, long hi, long lo, int col9) {
        int full = 0; // bit y set when scanline y (of the lower half) is all foreground
        for (int y = GlyphTable.CURSOR_BAND_FROM; y < CELL_HEIGHT; y++) {
            if ((lo >>> ((15 - y) * 8) & 0xFF) == 0xFF) {
                full |= 1 << y;
            }
        }
        if (full == 0) {
            return -1;
        }
        for (int length = 1; length <= CELL_HEIGHT - GlyphTable.CURSOR_BAND_FROM; length++) {
            for (int first = CELL_HEIGHT - length; first >= GlyphTable.CURSOR_BAND_FROM; first--) {
                int band = ((1 << length) - 1) << first;
                if ((full & band) == band) {
                    int code = table.findIgnoring(hi, lo, col9, first, first + length - 1);
                    if (code >= 0) {
                        return code;
                    }
                }
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "GridTextReader";
    }
}
