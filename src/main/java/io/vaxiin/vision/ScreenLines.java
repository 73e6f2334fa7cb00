package io.vaxiin.vision;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the lines of text on a screen and renders each one as clean dark-on-light grey, ready
 * for an OCR engine that reads one line at a time.
 *
 * <p>How, and why:
 * <ol>
 * <li><b>Ink without knowing the colours.</b> Along every pixel row the frame is cut into runs
 *     of near-constant colour. Glyph strokes and the gaps between them make short runs side by
 *     side; backgrounds, coloured bars (inverse video, selection and title bars) and horizontal
 *     rules make long runs. So a row crosses text where it has neighbouring short runs,
 *     whatever the colours of the text and of its background.</li>
 * <li><b>Ruling lines are not text.</b> A thin line that stays in the same columns for many
 *     rows is a border (a panel, a dialog box, a split). It is left out of the ink and it splits
 *     the text lines it crosses, so that a page with a left panel and a right help panel reads
 *     panel by panel, as a person reads it.</li>
 * <li><b>Rows, then columns, recursively.</b> Consecutive rows with ink form a band; a band is
 *     cut where it has a wide blank gap, and a piece that holds several rows of its own (text
 *     beside a picture or a QR code) is segmented again. Tiny bands (an underscore under its
 *     line, an i's dot) join their line.</li>
 * <li><b>Background per neighbourhood, not per frame.</b> The background of each few columns of
 *     a line is the most common colour around them (taken on the side where it is most common,
 *     so the edge of a bar does not blur it): the inside of a bar for text on a bar, the screen
 *     elsewhere. Every pixel's ink is its colour distance to that background, normalised to the
 *     strongest text of the line, so white-on-blue, red-on-black and black-on-grey all become
 *     black on white, with the glyphs' antialiasing kept for the recogniser. A block cursor
 *     (solid from top to bottom of the line, a cell wide) is wiped ({@link LinePictures}).</li>
 * <li><b>Only the text goes to the engine.</b> Each line is cropped to its ink, and long blank
 *     gaps inside it (a label and its value across a form) are shortened, because an LSTM
 *     recogniser's time grows with the width it reads.</li>
 * </ol>
 */
final class ScreenLines {

    /** Two neighbour pixels differ when a colour channel differs by more than this. */
    static final int STEP = 40;
    /** Runs of at most this many pixels are strokes or gaps of glyphs. */
    static final int SHORT_RUN = 16;
    /** A thin line in the same columns for this many rows is a vertical ruling line. */
    static final int RULE_ROWS = 60;
    /** A ruling line interrupted for at most this many rows (a selection bar across it) is one line. */
    static final int RULE_GAP = 48;
    /** A line whose strongest ink differs from its background by less than this is noise. */
    static final int MIN_CONTRAST = 48;
    /** A band taller than this is never one line: it is read as a block of lines. */
    static final int MAX_LINE_HEIGHT = 200;
    /** A band this many times (in tenths) the usual line height of its region holds several lines. */
    static final int BLOCK_RATIO_TENTHS = 17;
    /** How deep blocks beside blocks are segmented again. */
    static final int MAX_DEPTH = 3;

    /**
     * One line of text: where it is on the frame, its dark-on-light picture ({@code width} ×
     * {@code height}, white margin {@code pad}), and for each picture column inside the margin
     * the frame column it shows. A {@code block} holds several lines that could not be told
     * apart (rows that touch: character-set pages, box-drawn dialogs, scaled frames): it is to be
     * read with the engine's own line finder; its picture rows are the frame rows
     * {@code box.y - pad ...}.
     */
    record Line(Rectangle box, byte[] grey, int width, int height, int pad, int[] columns, int column, boolean block) {
    }

    /** A vertical ruling line: columns {@code x0..x1} from row {@code y0} to row {@code y1}. */
    record Rule(int x0, int x1, int y0, int y1) {
    }

    private final int[] rgb;
    private final int w;
    private final int h;
    /** Pixels in a short run with a short neighbour run: surely ink. */
    private final boolean[] strict;
    /** Pixels in any short run: maybe ink (the tip of an ascender, a lone stroke). */
    private final boolean[] relaxed;
    private final List<Rule> rules;
    private final LinePictures pictures;

    private ScreenLines(int[] rgb, int w, int h) {
        this.rgb = rgb;
        this.w = w;
        this.h = h;
        this.strict = new boolean[w * h];
        this.relaxed = new boolean[w * h];
        markShortRuns();
        this.rules = findRules();
        this.pictures = new LinePictures(rgb, w, h);
    }

    /**
     * The text lines of a frame of {@code rgb} pixels (0xRRGGBB, row after row), in reading
     * order: top to bottom, and panel by panel where ruling lines split the screen.
     */
    static List<Line> find(int[] rgb, int w, int h) {
        ScreenLines page = new ScreenLines(rgb, w, h);
        return page.segment(0, w - 1, 0, h - 1, 0);
    }

    // ---------------------------------------------------------------- ink

    private void markShortRuns() {
        int[] starts = new int[w + 1];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int n = 0;
            starts[n++] = 0;
            for (int x = 1; x < w; x++) {
                if (differ(rgb[row + x], rgb[row + x - 1])) {
                    starts[n++] = x;
                }
            }
            starts[n] = w;
            for (int i = 0; i < n; i++) {
                if (isShort(starts, n, i)) {
                    boolean neighbour = (i > 0 && isShort(starts, n, i - 1)) || (i + 1 < n && isShort(starts, n, i + 1));
                    for (int x = starts[i]; x < starts[i + 1]; x++) {
                        relaxed[row + x] = true;
                        strict[row + x] = neighbour;
                    }
                }
            }
        }
    }

    /** Run i is short, and not cut short by the frame's edge. */
    private boolean isShort(int[] starts, int n, int i) {
        return starts[i + 1] - starts[i] <= SHORT_RUN && starts[i] > 0 && starts[i + 1] < w;
    }

    static boolean differ(int a, int b) {
        return distance(a, b) > STEP;
    }

    static int distance(int a, int b) {
        return Math.max(Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF)),
            Math.max(Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF)), Math.abs((a & 0xFF) - (b & 0xFF))));
    }

    static int luma(int p) {
        return (((p >> 16) & 0xFF) * 77 + ((p >> 8) & 0xFF) * 150 + (p & 0xFF) * 29) >> 8;
    }

    /**
     * Vertical ruling lines: a column that is darker (or lighter) than the columns two pixels
     * to each side, for {@value #RULE_ROWS} rows or more. Their ink is cleared.
     */
    private List<Rule> findRules() {
        List<Rule> found = new ArrayList<>();
        int[] luma = new int[w * h];
        for (int i = 0; i < luma.length; i++) {
            luma[i] = luma(rgb[i]);
        }
        int[] run = new int[w];
        int[] sign = new int[w];
        for (int y = 0; y <= h; y++) {
            for (int x = 2; x < w - 2; x++) {
                int s = 0;
                if (y < h) {
                    int i = y * w + x;
                    int c = luma[i];
                    int l = luma[i - 2];
                    int r = luma[i + 2];
                    if (c - l > 24 && c - r > 24) {
                        s = 1;
                    } else if (l - c > 24 && r - c > 24) {
                        s = -1;
                    }
                }
                if (s != 0 && s == sign[x]) {
                    run[x]++;
                } else {
                    if (run[x] >= RULE_ROWS) {
                        addRule(found, x, y - run[x], y - 1);
                    }
                    run[x] = s != 0 ? 1 : 0;
                    sign[x] = s;
                }
            }
        }
        found.sort(Comparator.comparingInt(Rule::x0).thenComparingInt(Rule::y0));
        List<Rule> merged = new ArrayList<>();
        for (Rule r : found) {
            Rule last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r.x0() <= last.x1() + 2 && r.y0() <= last.y1() + RULE_GAP && r.y1() >= last.y0() - RULE_GAP) {
                merged.set(merged.size() - 1, new Rule(last.x0(), Math.max(last.x1(), r.x1()),
                    Math.min(last.y0(), r.y0()), Math.max(last.y1(), r.y1())));
            } else {
                merged.add(r);
            }
        }
        for (Rule r : merged) {
            for (int y = r.y0(); y <= r.y1(); y++) {
                for (int x = Math.max(0, r.x0() - 2); x <= Math.min(w - 1, r.x1() + 2); x++) {
                    strict[y * w + x] = false;
                    relaxed[y * w + x] = false;
                }
            }
        }
        return merged;
    }

    private static void addRule(List<Rule> found, int x, int y0, int y1) {
        found.add(new Rule(x, x, y0, y1));
    }

    // ---------------------------------------------------------------- layout

    /** The lines of the region x0..x1 × y0..y1, in reading order. */
    private List<Line> segment(int x0, int x1, int y0, int y1, int depth) {
        List<Line> lines = new ArrayList<>();
        List<int[]> bands = bands(x0, x1, y0, y1);
        int usual = usualHeight(bands);
        for (int[] band : bands) {
            int by0 = band[0];
            int by1 = band[1];
            int height = by1 - by0 + 1;
            // several lines in one band: their rows touch (box drawing, full-cell glyphs, scaling)
            boolean block = height > MAX_LINE_HEIGHT || height * 10 >= usual * BLOCK_RATIO_TENTHS;
            int lineHeight = block ? usual : height;
            int gap = Math.max(12, Math.min(24, lineHeight));
            List<Line> nested = new ArrayList<>();
            for (int[] range : ranges(x0, x1, by0, by1)) {
                // pieces of this band between ruling lines, one output line per range
                List<int[]> own = new ArrayList<>();
                for (int[] piece : pieces(range[0], range[1], by0, by1, gap)) {
                    List<int[]> inner = depth < MAX_DEPTH ? bands(piece[0], piece[1], by0, by1) : List.of();
                    // rows of its own (text beside a picture), not a descender's tip cut off
                    if (inner.stream().filter(b -> b[1] - b[0] + 1 >= 6).count() > 1) {
                        nested.addAll(segment(piece[0], piece[1], by0, by1, depth + 1));
                    } else {
                        own.add(piece);
                    }
                }
                if (!own.isEmpty()) {
                    Line line = pictures.render(own, by0, by1, range[2], block ? usual : 0);
                    if (line != null) {
                        lines.add(line);
                    }
                }
            }
            lines.addAll(nested);
        }
        return readingOrder(lines);
    }

    /**
     * The usual height of a line among these bands: the median of those not taller than
     * {@value #MAX_LINE_HEIGHT} (16 when there are none).
     */
    private static int usualHeight(List<int[]> bands) {
        int[] heights = bands.stream().mapToInt(b -> b[1] - b[0] + 1).filter(hh -> hh <= MAX_LINE_HEIGHT).sorted().toArray();
        return heights.length == 0 ? 16 : heights[heights.length / 2];
    }

    /**
     * Bands of rows with ink in x0..x1 × y0..y1, {top, bottom} inclusive: rows with sure ink,
     * grown by rows with maybe-ink (at most 40% of their height each way), tiny ones joined.
     */
    private List<int[]> bands(int x0, int x1, int y0, int y1) {
        int n = y1 - y0 + 1;
        boolean[] sure = new boolean[n];
        boolean[] maybe = new boolean[n];
        for (int y = y0; y <= y1; y++) {
            int row = y * w;
            for (int x = x0; x <= x1; x++) {
                if (strict[row + x]) {
                    sure[y - y0] = true;
                    maybe[y - y0] = true;
                    break;
                }
                if (relaxed[row + x]) {
                    maybe[y - y0] = true;
                }
            }
        }
        List<int[]> bands = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= n; i++) {
            if (i < n && sure[i] && start < 0) {
                start = i;
            } else if ((i == n || !sure[i]) && start >= 0) {
                bands.add(new int[] {start, i - 1});
                start = -1;
            }
        }
        boolean[] taken = sure.clone();
        for (int[] b : bands) {
            int grow = Math.max(1, (b[1] - b[0] + 1) * 4 / 10);
            for (int k = 0; k < grow && b[0] - 1 >= 0 && maybe[b[0] - 1] && !taken[b[0] - 1]; k++) {
                b[0]--;
                taken[b[0]] = true;
            }
            for (int k = 0; k < grow && b[1] + 1 < n && maybe[b[1] + 1] && !taken[b[1] + 1]; k++) {
                b[1]++;
                taken[b[1]] = true;
            }
        }
        joinTiny(bands);
        bands.removeIf(b -> b[1] - b[0] + 1 < 4);
        for (int[] b : bands) {
            b[0] += y0;
            b[1] += y0;
        }
        return bands;
    }

    /** Joins tiny bands (underscores, dots, accents) to the nearer neighbour, if it is close. */
    private static void joinTiny(List<int[]> bands) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < bands.size() && !changed; i++) {
                int[] b = bands.get(i);
                int height = b[1] - b[0] + 1;
                int[] above = i > 0 ? bands.get(i - 1) : null;
                int[] below = i + 1 < bands.size() ? bands.get(i + 1) : null;
                int gapAbove = above == null ? Integer.MAX_VALUE : b[0] - above[1] - 1;
                int gapBelow = below == null ? Integer.MAX_VALUE : below[0] - b[1] - 1;
                // the nearer of the neighbours at least three times taller and close enough
                boolean fitsAbove = above != null && height * 3 <= above[1] - above[0] + 1
                    && gapAbove <= Math.max(2, (above[1] - above[0] + 1) / 4);
                boolean fitsBelow = below != null && height * 3 <= below[1] - below[0] + 1
                    && gapBelow <= Math.max(2, (below[1] - below[0] + 1) / 4);
                int[] near = fitsBelow && (!fitsAbove || gapBelow <= gapAbove) ? below : fitsAbove ? above : null;
                if (near != null) {
                    near[0] = Math.min(near[0], b[0]);
                    near[1] = Math.max(near[1], b[1]);
                    bands.remove(i);
                    changed = true;
                }
            }
        }
    }

    /**
     * The ranges of x0..x1 between the ruling lines that cross the band y0..y1, {from, to,
     * column}, column being the x of the ruling line on the left, or -1.
     */
    private List<int[]> ranges(int x0, int x1, int y0, int y1) {
        List<int[]> out = new ArrayList<>();
        int from = x0;
        int column = -1;
        for (Rule r : rules) {
            int overlap = Math.min(r.y1(), y1) - Math.max(r.y0(), y0) + 1;
            if (r.x0() > from && r.x1() < x1 && overlap * 10 >= (y1 - y0 + 1) * 8) {
                out.add(new int[] {from, r.x0() - 1, column});
                from = r.x1() + 1;
                column = r.x0();
            }
        }
        out.add(new int[] {from, x1, column});
        return out;
    }

    /** The pieces of x0..x1 × y0..y1 with ink, {first, last}, split at blank gaps of {@code gap}. */
    private List<int[]> pieces(int x0, int x1, int y0, int y1, int gap) {
        List<int[]> out = new ArrayList<>();
        int first = -1;
        int last = -1;
        for (int x = x0; x <= x1; x++) {
            boolean any = false;
            for (int y = y0; y <= y1 && !any; y++) {
                any = relaxed[y * w + x];
            }
            if (!any) {
                continue;
            }
            if (first >= 0 && x - last > gap) {
                out.add(new int[] {first, last});
                first = -1;
            }
            if (first < 0) {
                first = x;
            }
            last = x;
        }
        if (first >= 0) {
            out.add(new int[] {first, last});
        }
        return out;
    }

    /**
     * Lines top to bottom; where bands are split by ruling lines (panels side by side), all
     * the lines of the left panel come before those of the right one.
     */
    static List<Line> readingOrder(List<Line> lines) {
        List<Line> out = new ArrayList<>();
        List<Line> zone = new ArrayList<>();
        for (Line line : lines) {
            if (line.column() >= 0 || splitBand(lines, line)) {
                zone.add(line);
            } else {
                flush(zone, out);
                out.add(line);
            }
        }
        flush(zone, out);
        return out;
    }

    private static boolean splitBand(List<Line> lines, Line line) {
        for (Line other : lines) {
            if (other != line && other.box().y == line.box().y && other.column() >= 0) {
                return true;
            }
        }
        return false;
    }

    private static void flush(List<Line> zone, List<Line> out) {
        zone.sort(Comparator.comparingInt(Line::column).thenComparingInt(l -> l.box().y));
        out.addAll(zone);
        zone.clear();
    }
}
