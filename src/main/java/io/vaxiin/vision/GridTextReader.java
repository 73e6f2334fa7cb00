package io.vaxiin.vision;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads consoles drawn with a known bitmap font on a character grid, cell by cell: VGA text mode
 * (9×16 cells), Linux fbcon (8×16, Terminus 16×32), UEFI firmware (EDK2's 8×19), terminals in X
 * bitmap fonts (fixed 6×13, 9×15, 10×20, Terminus 8×16), at any origin; and the same screens
 * scaled by a viewer or degraded by JPEG.
 *
 * <p>Each cell is read against its own two colours, so any foreground/background pair, inverse
 * video and coloured bars read right. A cell of exactly two colours is first looked up exactly
 * (an underline cursor over it is seen through); otherwise, and for cells of more colours (JPEG,
 * a frame scaled back), the cell is split into two colours and takes the nearest glyph by
 * Hamming distance, but only when that glyph is near and clearly nearer than the best glyph of
 * any other character. A cell that is no glyph of the font is <em>unknown</em>: too many of
 * those and the reading is not confident, so {@link #tryRead} lets a caller fall back to OCR.
 *
 * <p>A frame whose size fits no grid well is tried as a scaled picture of the usual native
 * console sizes: averaged back down to that size, then read tolerantly.
 *
 * <p>Thread-safe. The grid found last is remembered and tried first on the next frame of the same
 * size, so a stream of one console's frames does not search again.
 */
public final class GridTextReader implements TextReader {

    /** The {@link ScreenText#reader()} name of this reader. */
    public static final String NAME = "grid";

    /** Unknown cells allowed per glyph cell read before the reading is not confident (1 in 50). */
    static final int GLYPHS_PER_UNKNOWN_ALLOWED = 50;

    /** Native console sizes a viewer may have scaled a frame from. */
    static final int[][] NATIVE_SIZES = {{720, 400}, {640, 400}, {640, 480}, {800, 600}, {1024, 768}};

    private static final int ANCHORS = 48;
    /** Two colours closer than this (sum of channel differences) are one colour. */
    static final int SAME_COLOUR = 60;
    /** Colour difference that makes a pixel an edge, for finding the grid. */
    private static final int EDGE = 60;

    static final int BLANK = 0;
    static final int GLYPH = 1;
    static final int AMBIGUOUS = 2;
    static final int UNKNOWN = 3;

    /**
     * Where the character grid lies on a frame.
     *
     * @param font         the font of the cells
     * @param originX      left of the first cell, in pixels of the native frame
     * @param originY      top of the first cell
     * @param cols         whole cells across
     * @param rows         whole cells down
     * @param nativeWidth  the width of the frame the grid is on (before a viewer scaled it)
     * @param nativeHeight its height
     * @param frameWidth   the width of the frame as received
     * @param frameHeight  its height
     */
    public record Grid(BitmapFont font, int originX, int originY, int cols, int rows,
                       int nativeWidth, int nativeHeight, int frameWidth, int frameHeight) {

        static Grid fit(BitmapFont font, int originX, int originY, int width, int height, int frameWidth, int frameHeight) {
            int cols = (width - originX) / font.width();
            int rows = (height - originY) / font.height();
            return cols < 1 || rows < 1 ? null
                : new Grid(font, originX, originY, cols, rows, width, height, frameWidth, frameHeight);
        }

        public int cellWidth() {
            return font.width();
        }

        public int cellHeight() {
            return font.height();
        }

        /** True when the frame is a viewer's scaled picture of a {@code nativeWidth × nativeHeight} console. */
        public boolean scaled() {
            return nativeWidth != frameWidth || nativeHeight != frameHeight;
        }

        /** Where grid row {@code row} is on the frame as received. */
        public Rectangle box(int row) {
            double sx = (double) frameWidth / nativeWidth;
            double sy = (double) frameHeight / nativeHeight;
            int x0 = (int) Math.round(originX * sx);
            int y0 = (int) Math.round((originY + row * cellHeight()) * sy);
            int x1 = (int) Math.round((originX + cols * cellWidth()) * sx);
            int y1 = (int) Math.round((originY + (row + 1) * cellHeight()) * sy);
            return new Rectangle(x0, y0, x1 - x0, y1 - y0);
        }
    }

    /**
     * What the reader made of a frame.
     *
     * @param lines        one line per grid row, trailing blanks cut; unknown cells as U+FFFD
     * @param grid         the grid found, or null when none fits the frame
     * @param glyphCells   cells read as a non-blank glyph
     * @param unknownCells cells that are no glyph of the font
     * @param nearCells    glyph cells read by the nearest glyph rather than exactly
     */
    public record Reading(List<String> lines, Grid grid, int glyphCells, int unknownCells, int nearCells) {

        public Reading {
            lines = List.copyOf(lines);
        }

        static Reading none() {
            return new Reading(List.of(), null, 0, 0, 0);
        }

        /** True when a grid was found, it shows text, and at most one cell in fifty read is unknown. */
        public boolean confident() {
            return grid != null && glyphCells > 0 && (long) unknownCells * GLYPHS_PER_UNKNOWN_ALLOWED <= glyphCells;
        }

        /** Share of the non-blank cells that are known glyphs (1 for a blank screen, 0 without a grid). */
        public double confidence() {
            if (grid == null) {
                return 0;
            }
            int seen = glyphCells + unknownCells;
            return seen == 0 ? 1 : (double) glyphCells / seen;
        }

        /** The text, with each line's box on the frame. */
        public ScreenText text() {
            List<Rectangle> boxes = new ArrayList<>(lines.size());
            if (grid != null) {
                for (int r = 0; r < lines.size(); r++) {
                    boxes.add(grid.box(r));
                }
            }
            return new ScreenText(lines, NAME, boxes);
        }
    }

    private final List<GlyphMatcher> matchers;
    private volatile Grid last;

    /**
     * A reader of every shipped font ({@link BitmapFont#builtIn()}) and of the Linux console
     * font found on this machine, if any ({@link ConsoleFonts#system()}).
     */
    public GridTextReader() {
        this(withSystemFonts());
    }

    private static List<BitmapFont> withSystemFonts() {
        List<BitmapFont> fonts = new ArrayList<>(BitmapFont.builtIn());
        fonts.addAll(2, ConsoleFonts.system()); // after the VGA ROM font, which it mostly equals
        return fonts;
    }

    /** A reader of one 8×16 VGA-style font, in 9- and 8-pixel cells. */
    public GridTextReader(VgaFont font) {
        this(List.of(BitmapFont.fromVga(font, 9), BitmapFont.fromVga(font, 8)));
    }

    /** A reader of {@code fonts}, tried in this order when they read a frame equally well. */
    public GridTextReader(List<BitmapFont> fonts) {
        if (fonts.isEmpty()) {
            throw new IllegalArgumentException("no fonts to read");
        }
        List<GlyphMatcher> list = new ArrayList<>();
        for (BitmapFont f : fonts) {
            list.add(new GlyphMatcher(f));
        }
        this.matchers = List.copyOf(list);
    }

    /** The fonts this reader knows. */
    public List<BitmapFont> fonts() {
        return matchers.stream().map(m -> m.font).toList();
    }

    /** The text when the screen reads confidently, else empty lines. */
    @Override
    public ScreenText read(BufferedImage image) {
        return tryRead(image).orElse(new ScreenText(List.of(), NAME));
    }

    /** The text, or empty when this is not a screen of these fonts (then try OCR). */
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
        if (width < 6 || height < 13) {
            return Reading.none();
        }
        Set<Grid> hints = new LinkedHashSet<>();
        if (hint != null) {
            hints.add(hint);
        }
        Grid remembered = last;
        if (remembered != null) {
            hints.add(remembered);
        }
        for (Grid g : hints) {
            if (g.frameWidth() == width && g.frameHeight() == height && matcher(g.font()) != null) {
                int[] src = g.scaled() ? unscale(px, width, height, g.nativeWidth(), g.nativeHeight()) : px;
                Reading reading = readGrid(src, g.nativeWidth(), g);
                if (reading.confident()) {
                    last = g;
                    return reading;
                }
            }
        }
        Reading best = search(px, width, height, width, height);
        if (!best.confident()) {
            for (int[] size : nativeSizes(width, height)) {
                int[] small = unscale(px, width, height, size[0], size[1]);
                Reading reading = search(small, size[0], size[1], width, height);
                if (reading.confident()) {
                    best = reading;
                    break;
                }
            }
        }
        if (best.confident()) {
            last = best.grid();
        }
        return best;
    }

    private GlyphMatcher matcher(BitmapFont font) {
        for (GlyphMatcher m : matchers) {
            if (m.font == font) {
                return m;
            }
        }
        return null;
    }

    /**
     * The native sizes this frame may be a scaled picture of: the usual console modes and 80×25
     * or 80×24 cells of each font, smaller than the frame and at most three times smaller.
     */
    List<int[]> nativeSizes(int width, int height) {
        List<int[]> sizes = new ArrayList<>();
        for (int[] s : NATIVE_SIZES) {
            sizes.add(s);
        }
        for (GlyphMatcher m : matchers) {
            sizes.add(new int[] {80 * m.width, 25 * m.height});
            sizes.add(new int[] {80 * m.width, 24 * m.height});
        }
        List<int[]> out = new ArrayList<>();
        for (int[] s : sizes) {
            boolean smaller = s[0] <= width && s[1] <= height && (s[0] < width || s[1] < height);
            boolean near = width <= 3 * s[0] && height <= 3 * s[1];
            boolean seen = out.stream().anyMatch(o -> o[0] == s[0] && o[1] == s[1]);
            if (smaller && near && !seen) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingInt((int[] s) -> -s[0] * s[1]));
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // finding the grid

    private record Candidate(Grid grid, double score) {
    }

    /**
     * Finds the likeliest grids on a frame of {@code width × height} (native) pixels and reads
     * them best first; the first confident reading, else the best one. Every origin of every
     * font is first scored by exact lookups of a few cells under edges (cheap, and decisive on a
     * lossless frame); a blurred frame has no exact cells, so there the origins at which the
     * frame's edges follow the font's ink profile are scored with nearest-glyph reading.
     */
    private Reading search(int[] px, int width, int height, int frameWidth, int frameHeight) {
        double[] rowEdges = new double[height];
        double[] colEdges = new double[width];
        int total = 0;
        for (int y = 0; y < height; y++) {
            int base = y * width;
            for (int x = 1; x < width; x++) {
                if (distance(px[base + x], px[base + x - 1]) > EDGE) {
                    rowEdges[y]++;
                    colEdges[x]++;
                    total++;
                }
            }
        }
        if (total == 0) {
            return Reading.none();
        }
        int[] anchors = anchors(px, width, height, total);
        List<Candidate> candidates = new ArrayList<>();
        Work work = new Work();
        Row scratch = new Row(1);
        boolean sharp = frameWidth == width && frameHeight == height;
        for (GlyphMatcher m : matchers) {
            if (m.width > width || m.height > height) {
                continue;
            }
            work.use(m);
            boolean[] scored = new boolean[m.width * m.height];
            if (sharp) {
                for (int oy = 0; oy < m.height; oy++) {
                    for (int ox = 0; ox < m.width; ox++) {
                        scored[oy * m.width + ox] =
                            score(px, width, height, frameWidth, frameHeight, m, ox, oy, anchors, work, scratch, false, candidates);
                    }
                }
            }
            for (int oy : bestOffsets(rowEdges, m.rowProfile, 3)) {
                for (int ox : bestOffsets(colEdges, m.colProfile, 3)) {
                    if (!scored[oy * m.width + ox]) {
                        score(px, width, height, frameWidth, frameHeight, m, ox, oy, anchors, work, scratch, true, candidates);
                    }
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(c -> -c.score()));
        Reading best = Reading.none();
        for (int i = 0; i < Math.min(3, candidates.size()); i++) {
            Reading reading = readGrid(px, width, candidates.get(i).grid());
            if (reading.confident()) {
                return reading;
            }
            if (best.grid() == null) {
                best = reading;
            }
        }
        return best;
    }

    /** Anchor cells that must be read before a hopeless origin is given up. */
    private static final int FIRST_LOOK = 12;

    /**
     * Scores the grid of font {@code m} at (ox, oy) by reading the cells under the anchors: an
     * exact glyph 3, a near one 2, an unknown cell -2. Kept as a candidate (and true returned)
     * when most read.
     */
    private static boolean score(int[] px, int width, int height, int frameWidth, int frameHeight, GlyphMatcher m,
                              int ox, int oy, int[] anchors, Work work, Row scratch, boolean tolerant,
                              List<Candidate> candidates) {
        Grid grid = Grid.fit(m.font, ox, oy, width, height, frameWidth, frameHeight);
        if (grid == null) {
            return false;
        }
        int score = 0;
        int used = 0;
        for (int a = 0; a < anchors.length; a += 2) {
            int col = Math.floorDiv(anchors[a] - ox, m.width);
            int row = Math.floorDiv(anchors[a + 1] - oy, m.height);
            if (col < 0 || row < 0 || col >= grid.cols() || row >= grid.rows()) {
                continue;
            }
            used++;
            int kind = decode(px, width, ox + col * m.width, oy + row * m.height, work, scratch, 0, tolerant);
            score += switch (kind) {
                case GLYPH, AMBIGUOUS -> scratch.near[0] ? 2 : 3;
                case UNKNOWN -> -2;
                default -> 0;
            };
            if (used == FIRST_LOOK && score < FIRST_LOOK) {
                return false;
            }
        }
        if (used > 0 && score > used) {
            candidates.add(new Candidate(grid, (double) score / used));
            return true;
        }
        return false;
    }

    /** The {@code n} offsets (0 .. profile length) at which the frame's edges best follow the font's profile. */
    static int[] bestOffsets(double[] edges, double[] profile, int n) {
        int period = profile.length;
        double[] folded = new double[period];
        for (int i = 0; i < edges.length; i++) {
            folded[i % period] += edges[i];
        }
        double mean = 0;
        for (double p : profile) {
            mean += p;
        }
        mean /= period;
        double[] score = new double[period];
        for (int o = 0; o < period; o++) {
            double s = 0;
            for (int k = 0; k < period; k++) {
                s += folded[k] * (profile[Math.floorMod(k - o, period)] - mean);
            }
            score[o] = s;
        }
        Integer[] order = new Integer[period];
        for (int o = 0; o < period; o++) {
            order[o] = o;
        }
        Arrays.sort(order, Comparator.comparingDouble(o -> -score[o]));

        int[] out = new int[Math.min(n, period)];
        for (int i = 0; i < out.length; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** Up to ANCHORS edge pixels as x,y pairs, spread evenly over the frame's {@code total} edges. */
    private static int[] anchors(int[] px, int width, int height, int total) {
        int take = Math.min(ANCHORS, total);
        int[] out = new int[take * 2];
        long step = Math.max(1, total / take);
        int seen = 0;
        int n = 0;
        for (int y = 0; y < height && n < take; y++) {
            int base = y * width;
            for (int x = 1; x < width && n < take; x++) {
                if (distance(px[base + x], px[base + x - 1]) > EDGE) {
                    if (seen % step == step / 2) {
                        out[2 * n] = x;
                        out[2 * n + 1] = y;
                        n++;
                    }
                    seen++;
                }
            }
        }
        return n == take ? out : Arrays.copyOf(out, 2 * n);
    }

    // ---------------------------------------------------------------------------------------
    // un-scaling

    /**
     * The frame averaged down to {@code nw × nh}: each native pixel is the mean of the frame's
     * pixels under it, weighted by how much of each it covers.
     */
    static int[] unscale(int[] px, int width, int height, int nw, int nh) {
        float[][] horizontal = new float[3][nw * height];
        Span xs = new Span(width, nw);
        for (int y = 0; y < height; y++) {
            int base = y * width;
            for (int x = 0; x < nw; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = xs.start[x]; k < xs.start[x + 1]; k++) {
                    int p = px[base + xs.index[k]];
                    float wgt = xs.weight[k];
                    r += (p >>> 16 & 0xFF) * wgt;
                    g += (p >>> 8 & 0xFF) * wgt;
                    b += (p & 0xFF) * wgt;
                }
                horizontal[0][y * nw + x] = r;
                horizontal[1][y * nw + x] = g;
                horizontal[2][y * nw + x] = b;
            }
        }
        Span ys = new Span(height, nh);
        int[] out = new int[nw * nh];
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < nw; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int k = ys.start[y]; k < ys.start[y + 1]; k++) {
                    int i = ys.index[k] * nw + x;
                    float wgt = ys.weight[k];
                    r += horizontal[0][i] * wgt;
                    g += horizontal[1][i] * wgt;
                    b += horizontal[2][i] * wgt;
                }
                out[y * nw + x] = clamp(r) << 16 | clamp(g) << 8 | clamp(b);
            }
        }
        return out;
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Which source pixels, with what weights, make each destination pixel along one axis. */
    private static final class Span {
        final int[] start;
        final int[] index;
        final float[] weight;

        Span(int from, int to) {
            double scale = (double) from / to;
            start = new int[to + 1];
            int max = to * ((int) Math.ceil(scale) + 2);
            index = new int[max];
            weight = new float[max];
            int n = 0;
            for (int d = 0; d < to; d++) {
                start[d] = n;
                double lo = d * scale;
                double hi = Math.min(from, (d + 1) * scale);
                for (int s = (int) Math.floor(lo); s < hi && s < from; s++) {
                    double cover = Math.min(hi, s + 1) - Math.max(lo, s);
                    if (cover > 1e-9) {
                        index[n] = s;
                        weight[n] = (float) (cover / (hi - lo));
                        n++;
                    }
                }
            }
            start[to] = n;
        }
    }

    // ---------------------------------------------------------------------------------------
    // reading cells

    /** Per-reading working storage for one font (not shared between threads). */
    static final class Work {
        GlyphMatcher m;
        long[] mask;
        long[] scratch;
        int[] cellRows;
        int[] cellRowsInverse;
        int[] pixels;
        int[] cluster;
        final GlyphMatcher.Near near = new GlyphMatcher.Near();

        void use(GlyphMatcher matcher) {
            if (m == matcher) {
                return;
            }
            m = matcher;
            mask = new long[matcher.words];
            scratch = new long[matcher.words];
            cellRows = new int[matcher.height];
            cellRowsInverse = new int[matcher.height];
            pixels = new int[matcher.bits];
            cluster = new int[matcher.bits];
        }
    }

    /** Per-row working storage (one per reading, not shared between threads). */
    static final class Row {
        final int[] kind;
        final int[] code;
        final int[] code2;
        final int[] fg;
        final int[] bg;
        final boolean[] near;
        int glyphs;
        int unknown;
        int nearGlyphs;
        /** The commonest colour on the screen (see {@link #screenBackground}). */
        int screenBackground = -1;

        Row(int cols) {
            kind = new int[cols];
            code = new int[cols];
            code2 = new int[cols];
            fg = new int[cols];
            bg = new int[cols];
            near = new boolean[cols];
        }
    }

    /**
     * The commonest colour (to 4 bits a channel) at the cells' top-left pixels, a scanline nearly
     * every glyph leaves blank: the screen's background, which a run of full blocks never is.
     */
    static int screenBackground(int[] px, int width, Grid grid) {
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
    Reading readGrid(int[] px, int width, Grid grid) {
        Row row = new Row(grid.cols());
        row.screenBackground = screenBackground(px, width, grid);
        Work work = new Work();
        work.use(matcher(grid.font()));
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
        return new Reading(lines, grid, glyphs, unknown, near);
    }

    /** Reads grid row {@code r} into a string (trailing blanks cut), counting into {@code row}. */
    String readRow(int[] px, int width, Grid grid, int r, Row row) {
        Work work = new Work();
        work.use(matcher(grid.font()));
        return readRow(px, width, grid, r, row, work);
    }

    private String readRow(int[] px, int width, Grid grid, int r, Row row, Work work) {
        int cols = grid.cols();
        int y0 = grid.originY() + r * grid.cellHeight();
        row.glyphs = 0;
        row.unknown = 0;
        row.nearGlyphs = 0;
        for (int c = 0; c < cols; c++) {
            decode(px, width, grid.originX() + c * grid.cellWidth(), y0, work, row, c);
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
        int end = cols;
        while (end > 0 && out[end - 1] == ' ') {
            end--;
        }
        return new String(out, 0, end);
    }

    static boolean same(int a, int b) {
        return distance(a, b) <= SAME_COLOUR;
    }

    static int distance(int a, int b) {
        return Math.abs((a >>> 16 & 0xFF) - (b >>> 16 & 0xFF)) + Math.abs((a >>> 8 & 0xFF) - (b >>> 8 & 0xFF))
            + Math.abs((a & 0xFF) - (b & 0xFF));
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
            if (background >= 0 && distance(background, row.fg[c]) < distance(background, row.bg[c])) {
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
                if (row.kind[d] == BLANK && same(row.bg[d], row.bg[c])) {
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
     * its colour: a terminal's block cursor at the end of a prompt, or a dialog box's shadow.
     */
    static final int TRAILING_SPACES = 2;

    /**
     * One-colour cells are spaces, except a run in the foreground colour of the glyphs beside it
     * (and not their background, nor the screen's background): that is a run of full blocks, as
     * in a progress bar; but not a short run that ends the row (see {@link #TRAILING_SPACES}).
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
            while (end < cols && row.kind[end] == BLANK && same(row.bg[end], colour)) {
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
            boolean besideBackground = (left >= 0 && same(row.bg[left], colour))
                || (right < cols && same(row.bg[right], colour));
            boolean besideForeground = (left >= 0 && same(row.fg[left], colour))
                || (right < cols && same(row.fg[right], colour));
            boolean trailing = right >= cols && end - c <= TRAILING_SPACES;
            if (!besideBackground && besideForeground && !same(colour, row.screenBackground) && !trailing) {
                for (int i = c; i < end; i++) {
                    out[i] = '\u2588';
                    row.glyphs++;
                }
            }
            c = end;
        }
    }

    /**
     * Reads the cell whose top-left pixel is (x0, y0) into slot {@code c} of {@code row} and
     * returns its kind: blank (one colour), a glyph, a glyph that reads both ways, or unknown.
     */
    static int decode(int[] px, int width, int x0, int y0, Work work, Row row, int c) {
        return decode(px, width, x0, y0, work, row, c, true);
    }

    /** Like {@link #decode(int[], int, int, int, Work, Row, int)}; exact lookups only unless {@code tolerant}. */
    static int decode(int[] px, int width, int x0, int y0, Work work, Row row, int c, boolean tolerant) {
        GlyphMatcher m = work.m;
        int w = m.width;
        int h = m.height;
        long[] mask = work.mask;
        Arrays.fill(mask, 0);
        int c0 = px[y0 * width + x0];
        int c1 = c0;
        boolean two = false;
        boolean many = false;
        int i = 0;
        for (int y = 0; y < h; y++) {
            int base = (y0 + y) * width + x0;
            int bits = 0;
            for (int x = 0; x < w; x++, i++) {
                int p = px[base + x];
                work.pixels[i] = p;
                bits <<= 1;
                if (p != c0) {
                    if (!two) {
                        c1 = p;
                        two = true;
                    } else if (p != c1) {
                        many = true;
                    }
                    bits |= 1;
                    mask[i >>> 6] |= 1L << (i & 63);
                }
            }
            work.cellRows[y] = bits;
        }
        row.near[c] = false;
        if (!two) {
            return blank(row, c, c0);
        }
        if (!many) {
            int asIs = m.exact(mask, 0);                       // c1 draws the glyph on c0
            int inverse = m.exactInverse(mask, work.scratch);  // c0 draws it on c1
            if (asIs < 0 && inverse < 0 && tolerant) {
                asIs = underCursor(m, work.cellRows);
                if (asIs < 0) {
                    int full = w == 32 ? -1 : (1 << w) - 1;
                    for (int y = 0; y < h; y++) {
                        work.cellRowsInverse[y] = ~work.cellRows[y] & full;
                    }
                    inverse = underCursor(m, work.cellRowsInverse);
                }
            }
            if (asIs >= 0 || inverse >= 0) {
                if (asIs >= 0) {
                    row.kind[c] = inverse >= 0 ? AMBIGUOUS : GLYPH;
                    row.code[c] = m.codePoint(asIs);
                    row.code2[c] = inverse >= 0 ? m.codePoint(inverse) : -1;
                    row.fg[c] = c1;
                    row.bg[c] = c0;
                } else {
                    row.kind[c] = GLYPH;
                    row.code[c] = m.codePoint(inverse);
                    row.fg[c] = c0;
                    row.bg[c] = c1;
                }
                return row.kind[c];
            }
            if (!tolerant) {
                row.kind[c] = UNKNOWN;
                return UNKNOWN;
            }
            return nearest(work, row, c, c1, c0);
        }
        if (!tolerant) {
            row.kind[c] = BLANK; // not a lossless cell: says nothing here
            return BLANK;
        }
        return binarise(work, row, c);
    }

    private static int blank(Row row, int c, int colour) {
        row.kind[c] = BLANK;
        row.bg[c] = colour;
        row.fg[c] = colour;
        return BLANK;
    }

    /**
     * Splits a cell of many colours into two (2-means from its two most different pixels) and
     * reads the nearest glyph; a cell whose two colours are alike is blank.
     */
    private static int binarise(Work work, Row row, int c) {
        int[] p = work.pixels;
        int n = work.m.bits;
        int a = 0;
        int far = -1;
        for (int i = 1; i < n; i++) {
            int d = distance(p[i], p[0]);
            if (d > far) {
                far = d;
                a = i;
            }
        }
        int b = a;
        far = -1;
        for (int i = 0; i < n; i++) {
            int d = distance(p[i], p[a]);
            if (d > far) {
                far = d;
                b = i;
            }
        }
        int ca = p[a];
        int cb = p[b];
        if (distance(ca, cb) <= SAME_COLOUR) {
            return blank(row, c, mean(p, n));
        }
        int[] cluster = work.cluster;
        for (int iteration = 0; iteration < 2; iteration++) {
            long ra = 0, ga = 0, ba = 0, rb = 0, gb = 0, bb = 0;
            int na = 0;
            int nb = 0;
            for (int i = 0; i < n; i++) {
                int q = p[i];
                if (distance(q, cb) < distance(q, ca)) {
                    cluster[i] = 1;
                    rb += q >>> 16 & 0xFF;
                    gb += q >>> 8 & 0xFF;
                    bb += q & 0xFF;
                    nb++;
                } else {
                    cluster[i] = 0;
                    ra += q >>> 16 & 0xFF;
                    ga += q >>> 8 & 0xFF;
                    ba += q & 0xFF;
                    na++;
                }
            }
            if (na == 0 || nb == 0) {
                return blank(row, c, mean(p, n));
            }
            ca = (int) (ra / na) << 16 | (int) (ga / na) << 8 | (int) (ba / na);
            cb = (int) (rb / nb) << 16 | (int) (gb / nb) << 8 | (int) (bb / nb);
        }
        if (distance(ca, cb) <= SAME_COLOUR) {
            return blank(row, c, mean(p, n));
        }
        long[] mask = work.mask;
        Arrays.fill(mask, 0);
        for (int i = 0; i < n; i++) {
            if (cluster[i] == 1) {
                mask[i >>> 6] |= 1L << (i & 63);
            }
        }
        return nearest(work, row, c, cb, ca);
    }

    private static int mean(int[] p, int n) {
        long r = 0, g = 0, b = 0;
        for (int i = 0; i < n; i++) {
            r += p[i] >>> 16 & 0xFF;
            g += p[i] >>> 8 & 0xFF;
            b += p[i] & 0xFF;
        }
        return (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
    }

    /**
     * The nearest glyph to the cell's two-colour mask (set bits in {@code set}, the rest in
     * {@code clear}), taken only when it is near and clearly nearer than any other character.
     */
    private static int nearest(Work work, Row row, int c, int set, int clear) {
        GlyphMatcher m = work.m;
        GlyphMatcher.Near near = work.near;
        m.nearest(work.mask, near);
        boolean okA = clearlyNearest(near.distA, near.secondA, m.codePoint(near.glyphA), m.maxNear);
        boolean okB = clearlyNearest(near.distB, near.secondB, m.codePoint(near.glyphB), m.maxNear);
        if (okA && okB) {
            if (near.distB >= 2 * near.distA + 3) {
                okB = false;
            } else if (near.distA >= 2 * near.distB + 3) {
                okA = false;
            }
        }
        row.near[c] = true;
        if (okA && okB) {
            row.kind[c] = AMBIGUOUS;
            row.code[c] = m.codePoint(near.glyphA);
            row.code2[c] = m.codePoint(near.glyphB);
            row.fg[c] = set;
            row.bg[c] = clear;
        } else if (okA || okB) {
            row.kind[c] = GLYPH;
            row.code[c] = m.codePoint(okA ? near.glyphA : near.glyphB);
            row.fg[c] = okA ? set : clear;
            row.bg[c] = okA ? clear : set;
            if (row.code[c] == ' ') {
                return blank(row, c, row.bg[c]);
            }
            if (row.code[c] == '\u2588') {
                return blank(row, c, row.fg[c]);
            }
        } else {
            row.kind[c] = UNKNOWN;
        }
        return row.kind[c];
    }

    /**
     * Whether the nearest glyph, {@code distance} bits off, is near enough and clearly nearer
     * than the best other character ({@code second} bits off): at most two thirds as far. A cell
     * nearest to a blank only needs to be nearer than anything else: noise, not a glyph.
     */
    static boolean clearlyNearest(int distance, int second, int codePoint, int maxNear) {
        if (distance > maxNear) {
            return false;
        }
        return codePoint == ' ' ? second > distance : second - distance >= Math.max(1, (distance + 1) / 2);
    }

    /**
     * The glyph under an underline cursor: a band of lower scanlines that are entirely foreground,
     * ignored for the match; shortest bands first so a glyph's own full line ('_') stays.
     */
    private static int underCursor(GlyphMatcher m, int[] cellRows) {
        int h = m.height;
        int fullRow = m.width == 32 ? -1 : (1 << m.width) - 1;
        if (cellRows[h - 1] != fullRow && cellRows[h - 2] != fullRow) {
            return -1;
        }
        for (int length = 1; length <= h / 2; length++) {
            for (int first = h - length; first >= h / 2; first--) {
                boolean band = true;
                for (int y = first; y < first + length; y++) {
                    band &= cellRows[y] == fullRow;
                }
                if (band) {
                    int g = m.exactIgnoringRows(cellRows, first, first + length - 1);
                    if (g >= 0) {
                        return g;
                    }
                }
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "GridTextReader " + fonts().stream().map(BitmapFont::name).toList();
    }
}
