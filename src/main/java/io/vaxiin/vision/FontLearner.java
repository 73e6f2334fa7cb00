package io.vaxiin.vision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns the bitmap font of a console that no shipped font draws, from the console's own frames:
 * a bitmap font draws each character the same way, so the frame's cells are grouped by exact
 * shape, and only each new shape is read: box drawing, blocks and shades by their geometry
 * ({@link BoxShapes}), the rest by OCR of the rows they stand in (context for the recogniser),
 * each reading a vote for the shape of its cell. A shape takes the character most votes gave it,
 * so a '0' misread once as 'O' stays '0' once its other cells have been read. What is learnt is a
 * {@link BitmapFont}, which {@link GridTextReader} then reads exactly, frame after frame, as it
 * reads a shipped font.
 *
 * <p>The grid is found from the pixels: text rows and columns leave a blank line between cells
 * (the transitions along each pixel row and column repeat with the cell's height and width), and
 * of the origins that fit, the one whose cells are two colours each and repeat most is taken.
 * Only lossless frames are learnt from (every cell of at most two colours).
 *
 * <p>One per console; not thread-safe (its console reader calls it under its own lock).
 */
final class FontLearner {

    /** The smallest and largest cells looked for. */
    static final int MIN_WIDTH = 5;
    static final int MAX_WIDTH = 32;
    static final int MIN_HEIGHT = 7;
    static final int MAX_HEIGHT = 40;
    /** At most this share of a frame's inked cells may be of more than two colours (a cursor, a picture). */
    static final double MAX_MIXED = 0.05;
    /** A frame whose inked cells are more than this share distinct shapes is no text console. */
    static final double MAX_DISTINCT = 0.5;
    /** OCR calls (one grid row each) a frame may cost. */
    static final int MAX_ROWS_READ = 48;
    /** Characters OCR confuses with one another: a shape of one of them wants two votes that agree. */
    static final String CONFUSABLE = "0OoQD1lI|i!5S8B2Z6G9gqrn";
    /** Height in pixels OCR is given a row at: small fonts are scaled up to it. */
    static final int OCR_HEIGHT = Integer.getInteger("vaxiin.ocrHeight", 44);

    /** OCR of grey pictures of single lines: per picture, its characters with their columns. */
    interface Ocr {
        List<List<CellReader.Symbol>> read(List<CellReader.Picture> lines);
    }

    /** Where the cells of a frame lie. */
    record CellGrid(int width, int height, int originX, int originY, int cols, int rows) {
    }

    /** One cell's shape: bit {@code width - 1 - x} of {@code rows[y]} is ink (as {@link BitmapFont.Glyph}). */
    private record Shape(int[] rows) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Shape s && Arrays.equals(s.rows, rows);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(rows);
        }
    }

    /** What is known of a shape: its votes per character, and whether its geometry settled it. */
    private static final class Known {
        final Map<Integer, Integer> votes = new HashMap<>();
        int geometric = -1;

        int best() {
            if (geometric >= 0) {
                return geometric;
            }
            int best = -1;
            int most = 0;
            for (Map.Entry<Integer, Integer> e : votes.entrySet()) {
                if (e.getValue() > most) {
                    most = e.getValue();
                    best = e.getKey();
                }
            }
            return best;
        }

        /** Whether it needs no more reading: its geometry said, or two readings agree (one, for a shape seen once). */
        boolean settled(int seen) {
            int best = best();
            if (geometric >= 0) {
                return true;
            }
            if (best < 0) {
                return false;
            }
            return votes.get(best) >= (seen > 1 || CONFUSABLE.indexOf(best) >= 0 ? 2 : 1);
        }
    }

    /** The cells of one frame: each cell's shape index (-1 blank, -2 more than two colours). */
    private record Cells(CellGrid grid, int[] shapeOf, List<Shape> shapes, int inked, int mixed) {
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

    private final Map<Shape, Known> known = new LinkedHashMap<>();
    private int cellWidth;
    private int cellHeight;
    private BitmapFont font;
    private int rowsRead;

    /** The font learnt so far (null before a frame taught one). */
    BitmapFont font() {
        return font;
    }

    /** How many rows the last {@link #learn} gave to OCR. */
    int rowsReadLastTime() {
        return rowsRead;
    }

    /**
     * Learns from a frame what it shows that is not learnt yet; the font learnt so far, or null
     * when the frame is no lossless character grid.
     */
    BitmapFont learn(int[] px, int width, int height, Ocr ocr) {
        rowsRead = 0;
        CellGrid grid = findGrid(px, width, height);
        if (grid == null) {
            return font;
        }
        if (grid.width() != cellWidth || grid.height() != cellHeight) {
            known.clear(); // another mode, another font
            cellWidth = grid.width();
            cellHeight = grid.height();
            font = null;
        }
        Cells cells = cells(px, width, grid);
        if (cells.inked() == 0 || cells.mixed() > MAX_MIXED * cells.inked() || cells.shapes().size() > MAX_DISTINCT * cells.inked()
                && cells.inked() > 20) {
            return font;
        }
        boolean changed = geometry(cells);
        changed |= read(cells, ocr);
        if (changed || font == null) {
            font = build();
        }
        return font;
    }

    // ---------------------------------------------------------------------------------------
    // finding the grid

    /** The cell grid of a frame, or null when its pixels show none. */
    static CellGrid findGrid(int[] px, int width, int height) {
        long[] alongRows = new long[height];
        long[] alongColumns = new long[width];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x + 1 < width; x++) {
                if (px[row + x] != px[row + x + 1]) {
                    alongRows[y]++;
                }
            }
            if (y + 1 < height) {
                for (int x = 0; x < width; x++) {
                    if (px[row + x] != px[row + width + x]) {
                        alongColumns[x]++;
                    }
                }
            }
        }
        double[] acrossScores = new double[MAX_WIDTH + 1];
        double[] downScores = new double[MAX_HEIGHT + 1];
        int[] across = period(alongColumns, MIN_WIDTH, MAX_WIDTH, acrossScores);
        int[] down = period(alongRows, MIN_HEIGHT, MAX_HEIGHT, downScores);
        if (across == null) {
            return null;
        }
        // the period may be a few cells (a menu's items line up every few columns): it or a part of it;
        // the quiet line is the cell's last or its first, or one in (a font's two blank top rows):
        // the phase is the one whose cells are fewest of three colours (found across, then down)
        double[] bestScore = {Double.MAX_VALUE};
        CellGrid best = down == null ? null
                : search(px, width, height, parts(across[0], MIN_WIDTH, acrossScores), parts(down[0], MIN_HEIGHT, downScores),
                across[1], alongRows, bestScore);
        Cells fit = best == null ? null : cells(px, width, best);
        if (fit == null || fit.mixed() > 0.02 * fit.inked()) {
            // a sparse screen (a dialog's few lines) gives the height's period too few samples: every height
            List<Integer> all = new ArrayList<>();
            for (int h = MIN_HEIGHT; h <= MAX_HEIGHT; h++) {
                all.add(h);
            }
            CellGrid wide = search(px, width, height, parts(across[0], MIN_WIDTH, acrossScores), all, across[1], alongRows, bestScore);
            best = wide != null ? wide : best;
        }
        return best;
    }

    /**
     * The grid among cells of {@code widths} by {@code heights} that fits the frame best: for
     * each, the phase whose cells are fewest of three colours, then the fewest shapes. Its score
     * goes to {@code bestScore} (lower is better; only a grid better than the score in it is taken).
     */
    private static CellGrid search(int[] px, int width, int height, List<Integer> widths, List<Integer> heights, int phaseX,
                                   long[] alongRows, double[] bestScore) {
        CellGrid best = null;
        for (int w : widths) {
            for (int h : heights) {
                int phaseY = quietPhase(alongRows, h);
                // alike, the phase whose cells fill the frame exactly (a console drawn from its corner), then the
                // one right after the quiet line (a font's blank column is its last)
                int bx = 1;
                int fewest = Integer.MAX_VALUE;
                for (int dx : offsets(w)) {
                    CellGrid g = grid(w, h, phaseX + dx, phaseY, width, height);
                    int m = g == null ? Integer.MAX_VALUE : mixed(px, width, g);
                    if (m < fewest || m == fewest && g.originX() == width % w) {
                        fewest = m;
                        bx = dx;
                    }
                }
                int by = 1;
                fewest = Integer.MAX_VALUE;
                for (int dy : offsets(h)) {
                    CellGrid g = grid(w, h, phaseX + bx, phaseY + dy, width, height);
                    int m = g == null ? Integer.MAX_VALUE : mixed(px, width, g);
                    if (m < fewest || m == fewest && g.originY() == height % h) {
                        fewest = m;
                        by = dy;
                    }
                }
                CellGrid g = grid(w, h, phaseX + bx, phaseY + by, width, height);
                double score = g == null ? Double.MAX_VALUE : score(cells(px, width, g));
                if (score < bestScore[0]) {
                    bestScore[0] = score;
                    best = g;
                }
            }
        }
        return best;
    }

    /** Where a cell may start from its quiet line, nearest first: just after it, on it, a few lines either side (a tall font's blank rows). */
    private static int[] offsets(int size) {
        int reach = Math.max(2, size / 4);
        int[] out = new int[2 * reach + 1];
        out[0] = 1;
        int n = 1;
        for (int d = 0; d <= reach && n < out.length; d++) {
            if (d != 1) {
                out[n++] = d;
            }
            if (-d != 1 && d != 0 && n < out.length) {
                out[n++] = -d;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The quietest phase of a profile for period {@code p}. */
    private static int quietPhase(long[] profile, int p) {
        int best = 0;
        double quietest = Double.MAX_VALUE;
        for (int f = 0; f < p; f++) {
            double sum = 0;
            int n = 0;
            for (int i = f; i < profile.length; i += p) {
                sum += profile[i];
                n++;
            }
            if (n > 0 && sum / n < quietest) {
                quietest = sum / n;
                best = f;
            }
        }
        return best;
    }

    /** How many cells of every third row of the grid are of more than two colours (a quick look at a phase). */
    private static int mixed(int[] px, int width, CellGrid g) {
        int n = 0;
        for (int r = 0; r < g.rows(); r += 3) {
            for (int c = 0; c < g.cols(); c++) {
                int x0 = g.originX() + c * g.width();
                int y0 = g.originY() + r * g.height();
                int a = px[y0 * width + x0];
                int b = a;
                cell:
                for (int y = 0; y < g.height(); y++) {
                    int i = (y0 + y) * width + x0;
                    for (int x = 0; x < g.width(); x++, i++) {
                        int p = px[i];
                        if (p != a) {
                            if (b == a) {
                                b = p;
                            } else if (p != b) {
                                n++;
                                break cell;
                            }
                        }
                    }
                }
            }
        }
        return n;
    }

    /**
     * {@code period} and those of its divisors of at least {@code min} that are nearly as quiet
     * ({@code scores} from {@link #period}): a menu's items, lined up every few columns, make a
     * few cells look like the period; half a tall font's cell is not as quiet as the whole.
     */
    private static List<Integer> parts(int period, int min, double[] scores) {
        List<Integer> out = new ArrayList<>();
        for (int d = min; d < period; d++) {
            if (period % d == 0 && scores[d] <= scores[period] + 0.25) {
                out.add(d);
            }
        }
        out.add(period);
        return out;
    }

    private static CellGrid grid(int w, int h, int phaseX, int phaseY, int width, int height) {
        int ox = Math.floorMod(phaseX, w);
        int oy = Math.floorMod(phaseY, h);
        CellGrid g = new CellGrid(w, h, ox, oy, (width - ox) / w, (height - oy) / h);
        return g.cols() < 1 || g.rows() < 1 ? null : g;
    }

    /**
     * How badly a grid fits its frame's cells: cells of three colours weigh most, then strokes
     * the cell edges cut (half a character goes on in the next cell), then how many distinct
     * shapes there are (a cell of two characters makes more of them than the font has).
     */
    private static double score(Cells c) {
        return c.inked() == 0 ? Double.MAX_VALUE : 10.0 * c.mixed() + 2.0 * cuts(c) + c.shapes().size();
    }

    /** How many pairs of neighbouring cells have ink on both sides of the edge between them, in the same line. */
    private static int cuts(Cells c) {
        CellGrid g = c.grid();
        int cuts = 0;
        int right = 1;
        int left = 1 << (g.width() - 1);
        for (int r = 0; r < g.rows(); r++) {
            for (int col = 0; col < g.cols(); col++) {
                int s = c.shapeOf()[r * g.cols() + col];
                if (s < 0) {
                    continue;
                }
                int[] rows = c.shapes().get(s).rows();
                if (r + 1 < g.rows()) {
                    int below = c.shapeOf()[(r + 1) * g.cols() + col];
                    if (below >= 0 && (rows[g.height() - 1] & c.shapes().get(below).rows()[0]) != 0) {
                        cuts++;
                    }
                }
                if (col + 1 < g.cols()) {
                    int next = c.shapeOf()[r * g.cols() + col + 1];
                    if (next >= 0) {
                        int[] other = c.shapes().get(next).rows();
                        for (int y = 0; y < g.height(); y++) {
                            if ((rows[y] & right) != 0 && (other[y] & left) != 0) {
                                cuts++;
                                break;
                            }
                        }
                    }
                }
            }
        }
        return cuts;
    }

    /**
     * The period of a profile (transitions along each pixel row or column) between {@code min}
     * and {@code max}, and its quietest phase: {period, phase}, or null when it has none.
     */
    static int[] period(long[] profile, int min, int max, double[] scores) {
        int lo = 0;
        while (lo < profile.length && profile[lo] == 0) {
            lo++;
        }
        int hi = profile.length - 1;
        while (hi >= 0 && profile[hi] == 0) {
            hi--;
        }
        if (hi - lo + 1 < 2 * min) {
            return null;
        }
        // lines that cross every cell alike (a box's rules, a coloured area's edges) raise every line's count: the floor
        double mean = 0;
        long floor = Long.MAX_VALUE;
        for (int i = lo; i <= hi; i++) {
            mean += profile[i];
            floor = Math.min(floor, profile[i]);
        }
        mean = mean / (hi - lo + 1) - floor;
        if (mean <= 0) {
            return null;
        }
        double[] score = scores;
        int[] phase = new int[max + 1];
        double best = Double.MAX_VALUE;
        for (int p = min; p <= max; p++) {
            score[p] = Double.MAX_VALUE;
            if (hi - lo + 1 < 2 * p) {
                continue;
            }
            for (int f = 0; f < p; f++) {
                double sum = 0;
                int n = 0;
                for (int i = lo + Math.floorMod(f - lo, p); i <= hi; i += p) {
                    sum += profile[i];
                    n++;
                }
                double m = (sum / n - floor) / mean;
                if (m < score[p]) {
                    score[p] = m;
                    phase[p] = f;
                }
            }
            best = Math.min(best, score[p]);
        }
        // the quietest phase of the period stands out from those of periods the text does not have (a box's
        // rules cross the blank column between cells, so it is quieter, not quiet)
        double[] sorted = Arrays.stream(score, min, max + 1).filter(v -> v != Double.MAX_VALUE).sorted().toArray();
        double median = sorted[sorted.length / 2];
        if (best > 0.85 || best > median - 0.15) {
            return null;
        }
        // a multiple of the period is as quiet (its fewer samples, by chance, a little quieter): the
        // smallest period that is nearly the quietest, nearer it than the periods the text does not have
        double near = Math.max(0.05, 0.35 * (median - best));
        for (int p = min; p <= max; p++) {
            if (score[p] <= best + near) {
                return new int[] {p, phase[p]};
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // the cells of a frame

    private static Cells cells(int[] px, int width, CellGrid g) {
        int n = g.cols() * g.rows();
        int[] first = new int[n];
        int[] second = new int[n];
        byte[] colours = new byte[n]; // 1, 2, or 3 for more
        for (int r = 0; r < g.rows(); r++) {
            for (int c = 0; c < g.cols(); c++) {
                int k = r * g.cols() + c;
                colours(px, width, g.originX() + c * g.width(), g.originY() + r * g.height(), g.width(), g.height(), k, first, second, colours);
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
    private static void colours(int[] px, int width, int x0, int y0, int w, int h, int k, int[] first, int[] second, byte[] colours) {
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

    // ---------------------------------------------------------------------------------------
    // what the shapes are

    /** Settles the frame's new shapes that are geometric; whether one was. */
    private boolean geometry(Cells cells) {
        CellGrid g = cells.grid();
        List<int[]> all = new ArrayList<>();
        for (Shape s : cells.shapes()) {
            all.add(s.rows());
        }
        int[] light = BoxShapes.thinnest(all, g.width(), g.height());
        int[] geometric = new int[cells.shapes().size()];
        for (int i = 0; i < geometric.length; i++) {
            Known k = known.get(cells.shapes().get(i));
            geometric[i] = k != null && k.geometric >= 0 ? k.geometric
                    : BoxShapes.classify(cells.shapes().get(i).rows(), g.width(), g.height(), light);
        }
        boolean changed = false;
        for (int i = 0; i < geometric.length; i++) {
            Shape s = cells.shapes().get(i);
            Known k = known.computeIfAbsent(s, x -> new Known());
            if (geometric[i] < 0 || k.geometric >= 0) {
                continue;
            }
            // a lone straight line is as likely '-', '|' or '=': box drawing when it meets another box cell along itself
            int cp = geometric[i];
            boolean straight = cp == 0x2500 || cp == 0x2501 || cp == 0x2550 || cp == 0x2502 || cp == 0x2503 || cp == 0x2551;
            if (straight && !meetsBox(cells, geometric, i, cp == 0x2500 || cp == 0x2501 || cp == 0x2550)) {
                continue;
            }
            k.geometric = cp;
            changed = true;
        }
        return changed;
    }

    /** Whether a cell of shape {@code shape} has a geometric neighbour along its line (left or right; above or below). */
    private static boolean meetsBox(Cells cells, int[] geometric, int shape, boolean horizontal) {
        CellGrid g = cells.grid();
        for (int r = 0; r < g.rows(); r++) {
            for (int c = 0; c < g.cols(); c++) {
                if (cells.shapeOf()[r * g.cols() + c] != shape) {
                    continue;
                }
                int[][] around = horizontal ? new int[][] {{r, c - 1}, {r, c + 1}} : new int[][] {{r - 1, c}, {r + 1, c}};
                for (int[] n : around) {
                    if (n[0] >= 0 && n[0] < g.rows() && n[1] >= 0 && n[1] < g.cols()) {
                        int o = cells.shapeOf()[n[0] * g.cols() + n[1]];
                        if (o >= 0 && geometric[o] >= 0) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** Reads rows that hold shapes not settled yet, with OCR, until each is or no row is left; whether a vote was cast. */
    private boolean read(Cells cells, Ocr ocr) {
        CellGrid g = cells.grid();
        boolean[] done = new boolean[g.rows()];
        boolean voted = false;
        while (rowsRead < MAX_ROWS_READ) {
            List<Integer> batch = new ArrayList<>();
            java.util.Set<Integer> covered = new java.util.HashSet<>();
            for (int take = 0; take < 2; take++) {
                int best = -1;
                int most = 0;
                for (int r = 0; r < g.rows(); r++) {
                    if (done[r] || batch.contains(r)) {
                        continue;
                    }
                    int n = unsettled(cells, r, covered).size();
                    if (n > most) {
                        most = n;
                        best = r;
                    }
                }
                if (best < 0) {
                    break;
                }
                batch.add(best);
                covered.addAll(unsettled(cells, best, covered));
            }
            if (batch.isEmpty()) {
                break;
            }
            List<CellReader.Picture> pictures = new ArrayList<>();
            for (int r : batch) {
                pictures.add(picture(cells, r));
                done[r] = true;
            }
            rowsRead += pictures.size();
            List<List<CellReader.Symbol>> read = ocr.read(pictures);
            for (int i = 0; i < batch.size(); i++) {
                voted |= vote(cells, batch.get(i), read.get(i));
            }
        }
        return voted;
    }

    /** The shapes of row {@code r} that are neither settled nor in {@code covered}. */
    private java.util.Set<Integer> unsettled(Cells cells, int r, java.util.Set<Integer> covered) {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        CellGrid g = cells.grid();
        for (int c = 0; c < g.cols(); c++) {
            int s = cells.shapeOf()[r * g.cols() + c];
            if (s >= 0 && !covered.contains(s) && !known.get(cells.shapes().get(s)).settled(cells.counts()[s])) {
                out.add(s);
            }
        }
        return out;
    }

    /** A grey picture of grid row {@code r}: its text cells' ink black on white, geometric and blank cells white, scaled for OCR. */
    private CellReader.Picture picture(Cells cells, int r) {
        CellGrid g = cells.grid();
        int scale = Math.max(1, Math.round((float) OCR_HEIGHT / g.height()));
        int pad = g.height() * scale / 2;
        int w = g.cols() * g.width() * scale + 2 * pad;
        int h = g.height() * scale + 2 * pad;
        byte[] grey = new byte[w * h];
        Arrays.fill(grey, (byte) 255);
        for (int c = 0; c < g.cols(); c++) {
            int s = cells.shapeOf()[r * g.cols() + c];
            if (s < 0 || known.get(cells.shapes().get(s)).geometric >= 0) {
                continue;
            }
            int[] rows = cells.shapes().get(s).rows();
            for (int y = 0; y < g.height(); y++) {
                for (int x = 0; x < g.width(); x++) {
                    if ((rows[y] >>> (g.width() - 1 - x) & 1) != 0) {
                        int px0 = pad + (c * g.width() + x) * scale;
                        int py0 = pad + y * scale;
                        for (int yy = 0; yy < scale; yy++) {
                            Arrays.fill(grey, (py0 + yy) * w + px0, (py0 + yy) * w + px0 + scale, (byte) 0);
                        }
                    }
                }
            }
        }
        return new CellReader.Picture(Boolean.getBoolean("vaxiin.noBlur") ? grey : blur(grey, w, h), w, h);
    }

    /** A 3x3 box blur: a bitmap font scaled up has square steps, which the recogniser, trained on smooth type, misreads. */
    private static byte[] blur(byte[] grey, int w, int h) {
        byte[] out = new byte[grey.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= h) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        if (xx >= 0 && xx < w) {
                            sum += grey[yy * w + xx] & 0xFF;
                            n++;
                        }
                    }
                }
                out[y * w + x] = (byte) (sum / n);
            }
        }
        return out;
    }

    /** What OCR reads as typography a console shows as ASCII: ’ ‘ ´ as ', “ ” as ", — – as -. */
    private static int plain(int cp) {
        return switch (cp) {
            case 0x2019, 0x2018, 0x00B4 -> '\'';
            case 0x201C, 0x201D -> '"';
            case 0x2014, 0x2013, 0x2212 -> '-';
            default -> cp;
        };
    }

    /**
     * Gives each text cell of row {@code r} the character OCR read on it, when the reading
     * lines up with the row: one character per inked cell, each on its own cell. Whether it did.
     */
    private boolean vote(Cells cells, int r, List<CellReader.Symbol> symbols) {
        CellGrid g = cells.grid();
        int scale = Math.max(1, Math.round((float) OCR_HEIGHT / g.height()));
        int pad = g.height() * scale / 2;
        int text = 0;
        for (int c = 0; c < g.cols(); c++) {
            int s = cells.shapeOf()[r * g.cols() + c];
            if (s >= 0 && known.get(cells.shapes().get(s)).geometric < 0) {
                text++;
            }
        }
        int[] got = new int[g.cols()];
        Arrays.fill(got, -1);
        int wrong = 0;
        for (CellReader.Symbol sym : symbols) {
            if (sym.text().codePointCount(0, sym.text().length()) != 1) {
                wrong++;
                continue;
            }
            double centre = ((sym.left() + sym.right()) / 2.0 - pad) / scale;
            int c = (int) Math.floor(centre / g.width());
            int s = c >= 0 && c < g.cols() ? cells.shapeOf()[r * g.cols() + c] : -1;
            if (s < 0 || known.get(cells.shapes().get(s)).geometric >= 0 || got[c] != -1) {
                wrong++;
                continue;
            }
            got[c] = plain(sym.text().codePointAt(0));
        }
        int right = 0;
        for (int cp : got) {
            right += cp >= 0 ? 1 : 0;
        }
        // a reading that does not line up with the cells teaches nothing
        if (text == 0 || right < 0.8 * text || wrong > 0.1 * text + 1) {
            return false;
        }
        for (int c = 0; c < g.cols(); c++) {
            if (got[c] >= 0) {
                known.get(cells.shapes().get(cells.shapeOf()[r * g.cols() + c])).votes.merge(got[c], 1, Integer::sum);
            }
        }
        return true;
    }

    /**
     * Each shape's character. A bitmap font draws a character one way, so two shapes voted the
     * same character are not both it: the one with more votes for it keeps it, and the other takes
     * the next character its votes name that no shape has (OCR reading this font's 'y' as 'u' on
     * one row is outvoted by its reading 'u' for the real 'u'); a shape with no other keeps it.
     */
    private Map<Shape, Integer> characters() {
        Map<Shape, Integer> out = new LinkedHashMap<>();
        Map<Integer, Shape> owner = new HashMap<>();
        List<Map.Entry<Shape, Known>> byVotes = new ArrayList<>(known.entrySet());
        byVotes.sort((a, b) -> Integer.compare(strength(b.getValue()), strength(a.getValue())));
        for (Map.Entry<Shape, Known> e : byVotes) {
            Known k = e.getValue();
            int cp = k.best();
            if (cp < 0) {
                continue;
            }
            if (k.geometric < 0 && owner.containsKey(cp)) {
                List<Map.Entry<Integer, Integer>> others = new ArrayList<>(k.votes.entrySet());
                others.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
                for (Map.Entry<Integer, Integer> o : others) {
                    if (!owner.containsKey(o.getKey())) {
                        cp = o.getKey();
                        break;
                    }
                }
            }
            owner.putIfAbsent(cp, e.getKey());
            out.put(e.getKey(), cp);
        }
        return out;
    }

    private static int strength(Known k) {
        int best = k.best();
        return k.geometric >= 0 ? Integer.MAX_VALUE : best < 0 ? 0 : k.votes.get(best);
    }

    /** The font of every shape with a character, the full block added (a one-colour cell is no shape). */
    private BitmapFont build() {
        List<BitmapFont.Glyph> glyphs = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (Map.Entry<Shape, Integer> e : characters().entrySet()) {
            int cp = e.getValue();
            glyphs.add(new BitmapFont.Glyph(cp, seen.add(cp) ? BitmapFont.Style.REGULAR : BitmapFont.Style.VARIANT, e.getKey().rows()));
        }
        if (seen.add(0x2588)) {
            int[] full = new int[cellHeight];
            Arrays.fill(full, cellWidth == 32 ? -1 : (1 << cellWidth) - 1);
            glyphs.add(new BitmapFont.Glyph(0x2588, BitmapFont.Style.REGULAR, full));
        }
        return BitmapFont.of("learnt-" + cellWidth + "x" + cellHeight, cellWidth, cellHeight, glyphs);
    }
}
