package io.vaxiin.vision;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Arrays;
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
 *     (solid from top to bottom of the line, a cell wide) is wiped.</li>
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

    private ScreenLines(int[] rgb, int w, int h) {
        this.rgb = rgb;
        this.w = w;
        this.h = h;
        this.strict = new boolean[w * h];
        this.relaxed = new boolean[w * h];
        markShortRuns();
        this.rules = findRules();
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
                    Line line = render(own, by0, by1, range[2], block ? usual : 0);
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

    // ---------------------------------------------------------------- rendering

    /**
     * The pieces (left to right) of the band y0..y1 as one dark-on-light line with a white
     * margin, or null when it has too little contrast to be text. With {@code blockLine} > 0
     * the band is a block of lines about that high: its background is taken strip by strip of
     * that height, and no cursor is looked for.
     */
    private Line render(List<int[]> pieces, int y0, int y1, int column, int blockLine) {
        int x0 = pieces.get(0)[0];
        int x1 = pieces.get(pieces.size() - 1)[1];
        int pw = x1 - x0 + 1;
        int ph = y1 - y0 + 1;
        boolean block = blockLine > 0;
        int lineHeight = block ? Math.min(ph, Math.max(12, blockLine)) : ph;
        int[] dist = new int[pw * ph];
        int max = 0;
        int[] bg = null;
        int stripEnd = -1;
        for (int y = 0; y < ph; y++) {
            if (y > stripEnd) {
                // a line's background, or in a block that of each strip about a line high
                stripEnd = ph - y < 2 * lineHeight ? ph - 1 : y + lineHeight - 1;
                bg = background(x0, x1, y0 + y, y0 + stripEnd);
            }
            int row = (y0 + y) * w;
            for (int x = 0; x < pw; x++) {
                int d = distance(rgb[row + x0 + x], bg[x]);
                dist[y * pw + x] = d;
                max = Math.max(max, d);
            }
        }
        if (max < MIN_CONTRAST) {
            return null;
        }
        // full black from 60% of the strongest ink: dim text beside bright text stays readable
        int full = Math.max(MIN_CONTRAST, max * 6 / 10);
        int inkLevel = full / 2;
        boolean[] blank = new boolean[pw];
        int[] solid = new int[pw];
        long inked = 0;
        for (int x = 0; x < pw; x++) {
            for (int y = 0; y < ph; y++) {
                if (dist[y * pw + x] >= inkLevel) {
                    solid[x]++;
                }
            }
            blank[x] = solid[x] == 0;
            inked += solid[x];
        }
        if (block && inked * 2 > (long) pw * ph) {
            // more ink than background over many rows: a picture or noise, not text
            return null;
        }
        if (!block) {
            wipeCursor(dist, solid, blank, pw, ph);
        }
        // shorten long blank gaps to two line heights
        int maxGap = Math.max(8, lineHeight * 2);
        int[] keep = new int[pw];
        int kept = 0;
        for (int x = 0; x < pw; ) {
            if (!blank[x]) {
                keep[kept++] = x++;
                continue;
            }
            int end = x;
            while (end < pw && blank[end]) {
                end++;
            }
            for (int k = x; k < end && k - x < maxGap; k++) {
                keep[kept++] = k;
            }
            x = end;
        }
        while (kept > 0 && blank[keep[kept - 1]]) {
            kept--;
        }
        int first = 0;
        while (first < kept && blank[keep[first]]) {
            first++;
        }
        if (first >= kept) {
            return null;
        }
        int pad = Math.max(4, lineHeight / 3);
        int cols = kept - first;
        int ow = cols + 2 * pad;
        int oh = ph + 2 * pad;
        byte[] grey = new byte[ow * oh];
        Arrays.fill(grey, (byte) 255);
        int[] columns = new int[cols];
        for (int k = 0; k < cols; k++) {
            columns[k] = x0 + keep[first + k];
        }
        for (int y = 0; y < ph; y++) {
            int out = (y + pad) * ow + pad;
            for (int k = 0; k < cols; k++) {
                int d = dist[y * pw + keep[first + k]];
                grey[out + k] = (byte) (255 - Math.min(255, d * 255 / full));
            }
        }
        Rectangle box = new Rectangle(columns[0], y0, columns[cols - 1] - columns[0] + 1, ph);
        return new Line(box, grey, ow, oh, pad, columns, column, block);
    }

    /** Wipes block cursors: runs of columns inked from top to bottom, at least a cell wide. */
    private static void wipeCursor(int[] dist, int[] solid, boolean[] blank, int pw, int ph) {
        int minWidth = Math.max(5, ph * 35 / 100);
        for (int x = 0; x < pw; ) {
            if (solid[x] * 100 < ph * 95) {
                x++;
                continue;
            }
            int end = x;
            while (end < pw && solid[end] * 100 >= ph * 95) {
                end++;
            }
            if (end - x >= minWidth && end - x <= ph) {
                // and the partly covered columns at its edges
                int from = x;
                while (from > Math.max(0, x - 2) && solid[from - 1] * 100 >= ph * 60) {
                    from--;
                }
                int to = end;
                while (to < Math.min(pw, end + 2) && solid[to] * 100 >= ph * 60) {
                    to++;
                }
                for (int k = from; k < to; k++) {
                    for (int y = 0; y < ph; y++) {
                        dist[y * pw + k] = 0;
                    }
                    blank[k] = true;
                }
            }
            x = end;
        }
    }

    /**
     * The background colour of each column x0..x1 of the band y0..y1 (and the row above and
     * below): the most common colour of the blocks around it, taken from the window (left,
     * centred or right) where that colour is most common.
     */
    private int[] background(int x0, int x1, int y0, int y1) {
        int top = Math.max(0, y0 - 1);
        int bottom = Math.min(h - 1, y1 + 1);
        int ph = bottom - top + 1;
        int pw = x1 - x0 + 1;
        int block = Math.max(4, (y1 - y0 + 1) / 2);
        int blocks = (pw + block - 1) / block;
        // per block: the colours present (quantised to 4 bits a channel) and their counts and sums
        int[][] bins = new int[blocks][];
        int[][] counts = new int[blocks][];
        long[][] sums = new long[blocks][];
        int[] count = new int[4096];
        long[] sum = new long[4096 * 3];
        int[] used = new int[4096];
        for (int b = 0; b < blocks; b++) {
            int n = 0;
            for (int y = top; y <= bottom; y++) {
                int row = y * w;
                for (int x = x0 + b * block; x <= Math.min(x1, x0 + b * block + block - 1); x++) {
                    int p = rgb[row + x];
                    int q = ((p >> 12) & 0xF00) | ((p >> 8) & 0xF0) | ((p >> 4) & 0xF);
                    if (count[q]++ == 0) {
                        used[n++] = q;
                    }
                    sum[q * 3] += (p >> 16) & 0xFF;
                    sum[q * 3 + 1] += (p >> 8) & 0xFF;
                    sum[q * 3 + 2] += p & 0xFF;
                }
            }
            bins[b] = Arrays.copyOf(used, n);
            counts[b] = new int[n];
            sums[b] = new long[n * 3];
            for (int i = 0; i < n; i++) {
                int q = used[i];
                counts[b][i] = count[q];
                sums[b][i * 3] = sum[q * 3];
                sums[b][i * 3 + 1] = sum[q * 3 + 1];
                sums[b][i * 3 + 2] = sum[q * 3 + 2];
                count[q] = 0;
                sum[q * 3] = 0;
                sum[q * 3 + 1] = 0;
                sum[q * 3 + 2] = 0;
            }
        }
        int[] bg = new int[pw];
        long[] best = new long[2];
        for (int b = 0; b < blocks; b++) {
            int colour = 0;
            double purity = -1;
            for (int[] window : new int[][] {{b - 4, b}, {b - 2, b + 2}, {b, b + 4}}) {
                // windows are shifted inside the line, not cut: a lone block at the end (a
                // cursor) must not be its own background
                int from = Math.max(0, Math.min(window[0], blocks - 5));
                int to = Math.min(blocks - 1, from + 4);
                int c = mode(bins, counts, sums, from, to, count, sum, used, best);
                double p = (double) best[0] / best[1];
                if (p > purity) {
                    purity = p;
                    colour = c;
                }
            }
            for (int x = b * block; x < Math.min(pw, b * block + block); x++) {
                bg[x] = colour;
            }
        }
        return bg;
    }

    /** The mean colour of the most common bin over blocks from..to; best = {its count, total}. */
    private static int mode(int[][] bins, int[][] counts, long[][] sums, int from, int to,
                            int[] count, long[] sum, int[] used, long[] best) {
        int n = 0;
        long total = 0;
        for (int b = from; b <= to; b++) {
            for (int i = 0; i < bins[b].length; i++) {
                int q = bins[b][i];
                if (count[q] == 0) {
                    used[n++] = q;
                }
                count[q] += counts[b][i];
                total += counts[b][i];
                sum[q * 3] += sums[b][i * 3];
                sum[q * 3 + 1] += sums[b][i * 3 + 1];
                sum[q * 3 + 2] += sums[b][i * 3 + 2];
            }
        }
        int top = used[0];
        for (int i = 1; i < n; i++) {
            if (count[used[i]] > count[top]) {
                top = used[i];
            }
        }
        int c = count[top];
        int colour = (int) (sum[top * 3] / c) << 16 | (int) (sum[top * 3 + 1] / c) << 8 | (int) (sum[top * 3 + 2] / c);
        best[0] = c;
        best[1] = total;
        for (int i = 0; i < n; i++) {
            int q = used[i];
            count[q] = 0;
            sum[q * 3] = 0;
            sum[q * 3 + 1] = 0;
            sum[q * 3 + 2] = 0;
        }
        return colour;
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
