package io.vaxiin.vision;

import java.util.List;

/**
 * The character grid of a terminal drawn in a monospaced TrueType font (xterm with {@code -fa},
 * a desktop terminal in a VNC session): every character sits in a cell of one fixed size, and a
 * character in given attributes is drawn with the same pixels in every cell. So a cell picture
 * read once reads the same everywhere, without OCR ({@link TesseractReader} learns them).
 *
 * <p>Found from the pixels of the lines {@link ScreenLines} found, nothing else:
 * <ul>
 * <li><b>Rows.</b> A line's baseline is the commonest bottom of its ink columns. A terminal's
 *     baselines are whole cell heights apart; the cell height is the smallest one, not less than
 *     the tallest line, that puts nine in ten baselines on one grid. The cell's top is placed so
 *     that every line's ink fits in its cell.</li>
 * <li><b>Columns.</b> Glyphs keep inside their cells, so the first column of every cell holds
 *     almost no ink. The cell width and origin are the smallest width (with its best origin)
 *     whose cell edges hold under a fifth of the ink a column holds on average. A proportional
 *     font or a scaled frame has no such width: no grid, and the lines are read by OCR.</li>
 * </ul>
 *
 * <p>A cell's picture is kept as its shape, not its colours: its background is the commonest
 * of its corners, its ink the colour farthest from that, and every pixel how far it lies from
 * background to ink (0 to 255). So a word in red or dark on light has nearly the shape it has in
 * white on black (rounding moves a few pixels by a step or two), and {@link #difference} tells
 * how far two shapes are apart.
 */
final class TerminalGrid {

    /** A cell whose pixels all lie this close to its background is blank. */
    static final int BLANK_DISTANCE = 40;
    /** Cell edges may hold at most this share of the ink an average column holds. */
    static final double MAX_EDGE_INK = 0.2;
    /** Baselines used to find the rows: at least this many lines with ink. */
    static final int MIN_LINES = 3;

    final int cellWidth;
    final int originX;
    final int cellHeight;
    final int originY;
    final int frameWidth;
    final int frameHeight;

    TerminalGrid(int cellWidth, int originX, int cellHeight, int originY, int frameWidth, int frameHeight) {
        this.cellWidth = cellWidth;
        this.originX = originX;
        this.cellHeight = cellHeight;
        this.originY = originY;
        this.frameWidth = frameWidth;
        this.frameHeight = frameHeight;
    }

    /** The grid of a terminal on this frame, or null when its lines do not sit on one. */
    static TerminalGrid find(List<ScreenLines.Line> lines, int frameWidth, int frameHeight) {
        int n = 0;
        int tallest = 0;
        int[] baselines = new int[lines.size()];
        int[] tops = new int[lines.size()];
        int[] bottoms = new int[lines.size()];
        for (ScreenLines.Line line : lines) {
            if (line.block()) {
                continue;
            }
            int b = baseline(line);
            if (b < 0) {
                continue;
            }
            baselines[n] = b;
            tops[n] = line.box().y;
            bottoms[n] = line.box().y + line.box().height - 1;
            tallest = Math.max(tallest, line.box().height);
            n++;
        }
        if (n < MIN_LINES || tallest < 6) {
            return null;
        }
        int cellHeight = -1;
        int phase = 0;
        for (int ch = tallest; ch <= Math.min(3 * tallest, 96) && cellHeight < 0; ch++) {
            int[] count = new int[ch];
            for (int i = 0; i < n; i++) {
                count[Math.floorMod(baselines[i], ch)]++;
            }
            for (int r = 0; r < ch; r++) {
                if (count[r] * 10 >= n * 9) {
                    cellHeight = ch;
                    phase = r;
                    break;
                }
            }
        }
        if (cellHeight < 0) {
            return null;
        }
        int above = 0;
        int below = 0;
        for (int i = 0; i < n; i++) {
            if (Math.floorMod(baselines[i], cellHeight) == phase) {
                above = Math.max(above, baselines[i] - tops[i]);
                below = Math.max(below, bottoms[i] - baselines[i]);
            }
        }
        int slack = cellHeight - (above + below + 1);
        if (slack < 0) {
            return null;
        }
        int originY = Math.floorMod(phase - above - slack / 2, cellHeight);
        int[] columns = columnInk(lines, frameWidth);
        TerminalGrid grid = columns(columns, cellHeight, frameWidth, frameHeight, originY);
        return grid == null ? null : grid.withinFrame(lines);
    }

    /**
     * This grid, or the same with its origin a column further: the empty column found between
     * cells may be the first of a cell or the last of the one before. The one that keeps more
     * lines' cells inside the frame (a terminal draws no cell off screen).
     */
    private TerminalGrid withinFrame(List<ScreenLines.Line> lines) {
        TerminalGrid best = this;
        int bestInside = -1;
        for (int shift = 0; shift < 2; shift++) {
            TerminalGrid g = new TerminalGrid(cellWidth, (originX + shift) % cellWidth, cellHeight, originY, frameWidth, frameHeight);
            int inside = 0;
            for (ScreenLines.Line line : lines) {
                int first = g.originX + g.column(line.box().x) * cellWidth;
                int end = g.originX + (g.column(line.box().x + line.box().width - 1) + 1) * cellWidth;
                if (!line.block() && first >= 0 && end <= frameWidth) {
                    inside++;
                }
            }
            if (inside > bestInside) {
                best = g;
                bestInside = inside;
            }
        }
        return best;
    }

    private static TerminalGrid columns(int[] ink, int cellHeight, int frameWidth, int frameHeight, int originY) {
        long total = 0;
        int inkedColumns = 0;
        for (int v : ink) {
            total += v;
            if (v > 0) {
                inkedColumns++;
            }
        }
        if (total == 0 || inkedColumns == 0) {
            return null;
        }
        double perColumn = (double) total / inkedColumns;
        for (int cw = Math.max(4, cellHeight / 4); cw <= cellHeight; cw++) {
            long best = Long.MAX_VALUE;
            int bestOrigin = 0;
            for (int ox = 0; ox < cw; ox++) {
                long edge = 0;
                for (int x = ox; x < ink.length; x += cw) {
                    edge += ink[x];
                }
                if (edge < best) {
                    best = edge;
                    bestOrigin = ox;
                }
            }
            int cells = Math.max(1, inkedColumns / cw);
            if (best <= MAX_EDGE_INK * perColumn * cells) {
                return new TerminalGrid(cw, bestOrigin, cellHeight, originY, frameWidth, frameHeight);
            }
        }
        return null;
    }

    /** Ink pixels per frame column over the lines (not blocks). */
    private static int[] columnInk(List<ScreenLines.Line> lines, int frameWidth) {
        int[] ink = new int[frameWidth];
        for (ScreenLines.Line line : lines) {
            if (line.block()) {
                continue;
            }
            byte[] grey = line.grey();
            int[] columns = line.columns();
            int pw = line.width();
            for (int k = 0; k < columns.length; k++) {
                int x = line.pad() + k;
                int count = 0;
                for (int y = line.pad(); y < line.height() - line.pad(); y++) {
                    if ((grey[y * pw + x] & 0xFF) < 128) {
                        count++;
                    }
                }
                ink[columns[k]] += count;
            }
        }
        return ink;
    }

    /** The commonest lowest ink row of the line's columns, as a frame row; -1 with fewer than three inked columns. */
    static int baseline(ScreenLines.Line line) {
        byte[] grey = line.grey();
        int pw = line.width();
        int rows = line.height() - 2 * line.pad();
        int[] count = new int[rows];
        int inked = 0;
        for (int k = 0; k < line.columns().length; k++) {
            int x = line.pad() + k;
            for (int y = rows - 1; y >= 0; y--) {
                if ((grey[(y + line.pad()) * pw + x] & 0xFF) < 128) {
                    count[y]++;
                    inked++;
                    break;
                }
            }
        }
        if (inked < 3) {
            return -1;
        }
        int best = 0;
        for (int y = 1; y < rows; y++) {
            if (count[y] > count[best]) {
                best = y;
            }
        }
        return line.box().y + best;
    }

    /** Whether this grid still holds for a frame of this size whose lines are these: most lines sit in one cell row. */
    boolean fits(List<ScreenLines.Line> lines, int width, int height) {
        if (width != frameWidth || height != frameHeight) {
            return false;
        }
        int lineCount = 0;
        int inRow = 0;
        for (ScreenLines.Line line : lines) {
            if (!line.block()) {
                lineCount++;
                if (row(line) >= 0) {
                    inRow++;
                }
            }
        }
        return lineCount > 0 && inRow * 10 >= lineCount * 9;
    }

    /** The cell row the line's ink lies in, or -1 when it crosses a row's edge. */
    int row(ScreenLines.Line line) {
        int top = line.box().y;
        int bottom = top + line.box().height - 1;
        int r = Math.floorDiv(top - originY, cellHeight);
        int rowTop = originY + r * cellHeight;
        if (rowTop < 0 || bottom >= rowTop + cellHeight || rowTop + cellHeight > frameHeight) {
            return -1;
        }
        return r;
    }

    /** The cell column of frame column {@code x}. */
    int column(int x) {
        return Math.floorDiv(x - originX, cellWidth);
    }

    /** Whether cell {@code (row, col)} lies inside the frame. */
    boolean inside(int row, int col) {
        int x = originX + col * cellWidth;
        int y = originY + row * cellHeight;
        return x >= 0 && y >= 0 && x + cellWidth <= frameWidth && y + cellHeight <= frameHeight;
    }

    /** A key for a cell's picture: blank, or a group of shapes ({@link CellReader}). */
    record Cell(long a, long b) {
        static final Cell BLANK = new Cell(0, 0);

        boolean blank() {
            return a == 0 && b == 0;
        }
    }

    /**
     * The shape of cell {@code (row, col)}: per pixel, row after row, how far it lies from the
     * cell's background (the commonest of its corners) towards its ink (the colour farthest from
     * that), 0 to 255; null for a blank cell.
     */
    byte[] shape(int[] rgb, int row, int col) {
        return shape(rgb, row, col, BLANK_DISTANCE);
    }

    /** Whether every pixel of cell {@code (row, col)} has one colour (a lossless frame's blank cell). */
    boolean uniform(int[] rgb, int row, int col) {
        int x0 = originX + col * cellWidth;
        int y0 = originY + row * cellHeight;
        int first = rgb[y0 * frameWidth + x0];
        for (int y = 0; y < cellHeight; y++) {
            int base = (y0 + y) * frameWidth + x0;
            for (int x = 0; x < cellWidth; x++) {
                if (rgb[base + x] != first) {
                    return false;
                }
            }
        }
        return true;
    }

    /** How far the pixel of cell {@code (row, col)} farthest from its background lies from it. */
    int contrast(int[] rgb, int row, int col) {
        int x0 = originX + col * cellWidth;
        int y0 = originY + row * cellHeight;
        int w = frameWidth;
        int bg = commonest(rgb[y0 * w + x0], rgb[y0 * w + x0 + cellWidth - 1], rgb[(y0 + cellHeight - 1) * w + x0],
            rgb[(y0 + cellHeight - 1) * w + x0 + cellWidth - 1]);
        int far = 0;
        for (int y = 0; y < cellHeight; y++) {
            int base = (y0 + y) * w + x0;
            for (int x = 0; x < cellWidth; x++) {
                far = Math.max(far, ScreenLines.distance(rgb[base + x], bg));
            }
        }
        return far;
    }

    /** {@link #shape(int[], int, int)}, blank when no pixel lies more than {@code minContrast} from the background. */
    byte[] shape(int[] rgb, int row, int col, int minContrast) {
        int x0 = originX + col * cellWidth;
        int y0 = originY + row * cellHeight;
        int w = frameWidth;
        int tl = rgb[y0 * w + x0];
        int tr = rgb[y0 * w + x0 + cellWidth - 1];
        int bl = rgb[(y0 + cellHeight - 1) * w + x0];
        int br = rgb[(y0 + cellHeight - 1) * w + x0 + cellWidth - 1];
        int bg = commonest(tl, tr, bl, br);
        int fg = bg;
        int far = -1;
        for (int y = 0; y < cellHeight; y++) {
            int base = (y0 + y) * w + x0;
            for (int x = 0; x < cellWidth; x++) {
                int d = ScreenLines.distance(rgb[base + x], bg);
                if (d > far) {
                    far = d;
                    fg = rgb[base + x];
                }
            }
        }
        if (far <= minContrast) {
            return null;
        }
        int br0 = bg >> 16 & 0xFF, bg0 = bg >> 8 & 0xFF, bb0 = bg & 0xFF;
        int vr = (fg >> 16 & 0xFF) - br0, vg = (fg >> 8 & 0xFF) - bg0, vb = (fg & 0xFF) - bb0;
        long vv = (long) vr * vr + (long) vg * vg + (long) vb * vb;
        byte[] shape = new byte[cellWidth * cellHeight];
        int i = 0;
        for (int y = 0; y < cellHeight; y++) {
            int base = (y0 + y) * w + x0;
            for (int x = 0; x < cellWidth; x++) {
                int p = rgb[base + x];
                long dot = (long) vr * ((p >> 16 & 0xFF) - br0) + (long) vg * ((p >> 8 & 0xFF) - bg0) + (long) vb * ((p & 0xFF) - bb0);
                shape[i++] = (byte) Math.max(0, Math.min(255, Math.round(dot * 255.0 / vv)));
            }
        }
        return shape;
    }

    /**
     * How far two shapes of one size are apart: the root mean square of their pixels'
     * differences (0 to 255), or {@code limit + 1} as soon as it is sure to exceed {@code limit}.
     * Squares, because JPEG noise moves many pixels a little while another glyph moves a few
     * pixels a lot.
     */
    static int difference(byte[] a, byte[] b, int limit) {
        long budget = (long) (limit + 1) * (limit + 1) * a.length;
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xFF) - (b[i] & 0xFF);
            sum += d * d;
            if (sum >= budget) {
                return limit + 1;
            }
        }
        return (int) Math.sqrt((double) sum / a.length);
    }

    private static int commonest(int a, int b, int c, int d) {
        if (a == b || a == c || a == d) {
            return a;
        }
        if (b == c || b == d) {
            return b;
        }
        return c == d ? c : a;
    }

    @Override
    public String toString() {
        return "TerminalGrid " + cellWidth + "x" + cellHeight + " at (" + originX + ", " + originY + ")";
    }
}
