package io.vaxiin.vision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the character cells of a frame lie, found from its pixels alone, for a font nobody
 * shipped: text rows and columns leave a blank line between cells (the colour changes along each
 * pixel row and column repeat with the cell's height and width); of the sizes and origins that
 * fit, the one whose cells are two colours each, cut no stroke and repeat most is taken. A frame
 * of many colours (smoothed type, a JPEG, a picture) has none.
 *
 * @param width   a cell's width in pixels
 * @param height  its height
 * @param originX left of the first whole cell
 * @param originY top of the first whole cell
 * @param cols    whole cells across
 * @param rows    whole cells down
 */
record CellGrid(int width, int height, int originX, int originY, int cols, int rows) {

    /** Text of fewer rows than this, first to last, tells its cell height's period too weakly to go by alone. */
    static final int FEW_ROWS = 12;

    /** The smallest and largest cells looked for. */
    static final int MIN_WIDTH = 5;
    static final int MAX_WIDTH = 32;
    static final int MIN_HEIGHT = 7;
    static final int MAX_HEIGHT = 40;


    /** The cell grid of a frame, or null when its pixels show none. */
    static CellGrid find(int[] px, int width, int height) {
        return find(px, width, height, 0, 0);
    }

    /**
     * The cell grid of a frame, or null when its pixels show none; cells of {@code hintWidth} by
     * {@code hintHeight} (the console's cells on earlier frames; 0 for none) are tried as well,
     * and taken when they fit better: a frame of a few lines tells its cell height weakly.
     */
    static CellGrid find(int[] px, int width, int height, int hintWidth, int hintHeight) {
        if (!fewColours(px)) {
            return null; // type smoothed by a renderer, a JPEG, a picture: no bitmap font (and no time spent on it)
        }
        long[] alongRows = new long[height];
        long[] alongColumns = new long[width];
        profiles(px, width, height, alongRows, alongColumns);
        ColourChanges changes = new ColourChanges(px, width, height);
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
                across[1], alongRows, alongColumns, changes, bestScore);
        CellShapes.Cells fit = best == null ? null : CellShapes.of(px, width, best, changes);
        if (fit == null || fit.mixed() > 0.02 * fit.inked() || down == null || spanned(alongRows) < FEW_ROWS * down[0]) {
            // a sparse screen (a dialog's few lines) gives the height's period too few samples: every height,
            // the period's own first (the columns' phase is found with the first height and kept for the others)
            List<Integer> all = new ArrayList<>(down == null ? List.of() : parts(down[0], MIN_HEIGHT, downScores));
            for (int h = MIN_HEIGHT; h <= MAX_HEIGHT; h++) {
                if (!all.contains(h)) {
                    all.add(h);
                }
            }
            CellGrid wide = search(px, width, height, parts(across[0], MIN_WIDTH, acrossScores), all, across[1], alongRows, alongColumns, changes, bestScore);
            best = wide != null ? wide : best;
        }
        if (hintWidth >= MIN_WIDTH && hintHeight >= MIN_HEIGHT && (best == null || best.width() != hintWidth || best.height() != hintHeight)) {
            CellGrid known = search(px, width, height, List.of(hintWidth), List.of(hintHeight), across[1], alongRows, alongColumns, changes, bestScore);
            best = known != null ? known : best;
        }
        return best;
    }

    /**
     * The grid among cells of {@code widths} by {@code heights} that fits the frame best: for
     * each, the phase whose cells are fewest of three colours, then the fewest shapes. Its score
     * goes to {@code bestScore} (lower is better; only a grid better than the score in it is taken).
     */
    private static CellGrid search(int[] px, int width, int height, List<Integer> widths, List<Integer> heights, int phaseX,
                                   long[] alongRows, long[] alongColumns, ColourChanges changes, double[] bestScore) {
        CellGrid best = null;
        List<CellGrid> candidates = new ArrayList<>();
        List<Double> share = new ArrayList<>();
        for (int w : widths) {
            int bx = Integer.MIN_VALUE;
            for (int h : heights) {
                int phaseY = quietPhase(alongRows, h);
                // alike, the phase whose cells fill the frame exactly (a console drawn from its corner), then the
                // one right after the quiet line (a font's blank column is its last); the columns' phase is found
                // with the first height (colour edges between columns do not move with the height)
                int fewest = Integer.MAX_VALUE;
                long least = Long.MAX_VALUE;
                for (int dx : bx != Integer.MIN_VALUE ? new int[0] : offsets(w)) {
                    CellGrid g = grid(w, h, phaseX + dx, phaseY, width, height);
                    int m = g == null ? Integer.MAX_VALUE : mixed(px, width, g, changes, fewest);
                    long st = g == null ? Long.MAX_VALUE : straddling(alongColumns, g.originX(), w);
                    if (m < fewest || m == fewest && (st < least || st == least && g.originX() == width % w)) {
                        fewest = m;
                        least = st;
                        bx = dx;
                    }
                }
                if (bx == Integer.MIN_VALUE) {
                    bx = 1;
                }
                int by = 1;
                fewest = Integer.MAX_VALUE;
                least = Long.MAX_VALUE;
                for (int dy : offsets(h)) {
                    CellGrid g = grid(w, h, phaseX + bx, phaseY + dy, width, height);
                    int m = g == null ? Integer.MAX_VALUE : mixed(px, width, g, changes, fewest);
                    long st = g == null ? Long.MAX_VALUE : straddling(alongRows, g.originY(), h);
                    if (m < fewest || m == fewest && (st < least || st == least && g.originY() == height % h)) {
                        fewest = m;
                        least = st;
                        by = dy;
                    }
                }
                CellGrid g = grid(w, h, phaseX + bx, phaseY + by, width, height);
                if (g != null) {
                    candidates.add(g);
                    share.add(fewest / (double) Math.max(1, sampled(g)));
                }
            }
        }
        // the whole score (each cell's shape) for the few whose sampled cells are fewest of three colours
        Integer[] order = new Integer[candidates.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(share.get(a), share.get(b)));
        double cut = order.length <= SCORED ? Double.MAX_VALUE : share.get(order[SCORED - 1]);
        for (int i = 0; i < order.length && share.get(order[i]) <= cut; i++) {
            CellGrid g = candidates.get(order[i]);
            double score = score(CellShapes.of(px, width, g, changes));
            if (score < bestScore[0]) {
                bestScore[0] = score;
                best = g;
            }
        }
        return best;
    }

    /** Of the sizes a search tries, how many are scored cell by cell (those whose sampled cells are fewest of three colours, and any as few). */
    static final int SCORED = 8;

    /** How many cells {@link #mixed} looks at on a grid. */
    private static int sampled(CellGrid g) {
        return (g.rows() + 2) / 3 * g.cols();
    }

    /** The colour changes along each pixel row ({@code alongRows}) and down each pixel column ({@code alongColumns}). */
    private static void profiles(int[] px, int width, int height, long[] alongRows, long[] alongColumns) {
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
    }

    /**
     * Grids of {@code g}'s cells at the other origins that fit the frame as well as it does (no
     * more ink across their edges, no more cells of three colours), {@code g} first: a font's
     * blank rows and columns let its cells start at any of a few lines, and which one the search
     * took depends on what a frame shows; a console's learner takes the one its shapes know.
     */
    static List<CellGrid> alike(int[] px, int width, int height, CellGrid g) {
        long[] alongRows = new long[height];
        long[] alongColumns = new long[width];
        profiles(px, width, height, alongRows, alongColumns);
        ColourChanges changes = new ColourChanges(px, width, height);
        List<Integer> xs = tied(alongColumns, g.originX(), g.width());
        List<Integer> ys = tied(alongRows, g.originY(), g.height());
        int most = mixed(px, width, g, changes, Integer.MAX_VALUE);
        List<CellGrid> out = new ArrayList<>();
        out.add(g);
        for (int y : ys) {
            for (int x : xs) {
                CellGrid other = grid(g.width(), g.height(), x, y, width, height);
                if (other != null && !other.equals(g) && mixed(px, width, other, changes, most) <= most) {
                    out.add(other);
                }
            }
        }
        return out;
    }

    /** The origins of cells of {@code size} with no more ink across their edges than {@code origin}'s. */
    private static List<Integer> tied(long[] profile, int origin, int size) {
        long at = straddling(profile, origin, size);
        List<Integer> out = new ArrayList<>();
        for (int o = 0; o < size; o++) {
            if (straddling(profile, o, size) <= at) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * How much ink goes on across the cell edges of a phase: at each edge (pixel line {@code origin
     * + k·size}), the colour changes of the lines either side, the fewer of the two. A character
     * stays inside its cell, so the edges of the right phase fall on a font's blank lines; one
     * line off, a glyph's descender or its top goes on into the next cell.
     */
    private static long straddling(long[] profile, int origin, int size) {
        long sum = 0;
        for (int edge = origin; edge < profile.length; edge += size) {
            if (edge > 0) {
                sum += Math.min(profile[edge - 1], profile[edge]);
            }
        }
        return sum;
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

    /**
     * How many cells of every third row of the grid are of more than two colours (a quick look at a
     * phase); counting stops past {@code limit} (a phase already found has that few), which is no
     * better than that.
     */
    private static int mixed(int[] px, int width, CellGrid g, ColourChanges changes, int limit) {
        int[] first = new int[1];
        int[] second = new int[1];
        byte[] colours = new byte[1];
        int n = 0;
        for (int r = 0; r < g.rows(); r += 3) {
            for (int c = 0; c < g.cols(); c++) {
                int x = g.originX() + c * g.width();
                int y = g.originY() + r * g.height();
                if (changes.oneColour(x, y, g.width(), g.height())) {
                    continue;
                }
                CellShapes.colours(px, width, x, y, g.width(), g.height(), 0, first, second, colours);
                n += colours[0] == 3 ? 1 : 0;
                if (n > limit) {
                    return n;
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
    /** How many pixel lines lie from the first to the last with a colour change along them (0 for none). */
    private static int spanned(long[] profile) {
        int lo = 0;
        while (lo < profile.length && profile[lo] == 0) {
            lo++;
        }
        int hi = profile.length - 1;
        while (hi > lo && profile[hi] == 0) {
            hi--;
        }
        return lo < profile.length ? hi - lo + 1 : 0;
    }

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
    private static double score(CellShapes.Cells c) {
        return c.inked() == 0 ? Double.MAX_VALUE : 10.0 * c.mixed() + 2.0 * cuts(c) + c.shapes().size();
    }

    /** How many pairs of neighbouring cells of two shapes have ink on both sides of the edge between them, in the same line. */
    private static int cuts(CellShapes.Cells c) {
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
                    // a line that goes on through cells of one shape (│ above │) is no character cut in two
                    if (below >= 0 && below != s && (rows[g.height() - 1] & c.shapes().get(below).rows()[0]) != 0) {
                        cuts++;
                    }
                }
                if (col + 1 < g.cols()) {
                    int next = c.shapeOf()[r * g.cols() + col + 1];
                    if (next >= 0 && next != s) {
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

    /** At most this many colours in a sample of a frame's pixels: a console's palette, not smoothed type. */
    static final int MAX_COLOURS = 48;

    /** Whether a sample of the frame (every 7th pixel) has at most {@link #MAX_COLOURS} colours. */
    static boolean fewColours(int[] px) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < px.length; i += 7) {
            if (seen.add(px[i]) && seen.size() > MAX_COLOURS) {
                return false;
            }
        }
        return true;
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
}
