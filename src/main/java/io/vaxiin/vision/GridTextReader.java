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
 * <p>A frame that is a viewer's bilinear scaling of a usual console size (told by how exactly its
 * busiest rows and columns fit that model, before any glyph is read) is scaled back by inverting
 * the upscale, then read tolerantly. Frames that are no bitmap font cost a few milliseconds: no
 * exact search unless the frame is lossless, no scaled search unless it is a scaling, and probes
 * that give a grid up after a few cells that are no glyph.
 *
 * <p>Thread-safe. The grid found last is remembered and tried first on the next frame of the same
 * size, so a stream of one console's frames does not search again.
 */
public final class GridTextReader implements TextReader {

    /** The {@link ScreenText#reader()} name of this reader. */
    public static final String NAME = "grid";

    /** Unknown cells allowed per glyph cell read before the reading is not confident (1 in 50). */
    static final int GLYPHS_PER_UNKNOWN_ALLOWED = 50;

    private static final int ANCHORS = 48;
    /** Two colours closer than this (sum of channel differences) are one colour. */
    static final int SAME_COLOUR = 60;
    /** Brightness difference of two colours that {@link #same} may still take for one. */
    static final int SAME_LUMA = 8;
    /** Brightness range of a cell that makes it split by brightness rather than by colour. */
    static final int LUMA_CONTRAST = 64;
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
     * @param linearLight  for a scaled frame, whether the viewer blended pixels in linear light
     *                     rather than in their sRGB encoding
     */
    public record Grid(BitmapFont font, int originX, int originY, int cols, int rows,
                       int nativeWidth, int nativeHeight, int frameWidth, int frameHeight, boolean linearLight) {

        static Grid fit(BitmapFont font, int originX, int originY, int width, int height, int frameWidth, int frameHeight,
                        boolean linearLight) {
            int cols = (width - originX) / font.width();
            int rows = (height - originY) / font.height();
            return cols < 1 || rows < 1 ? null
                : new Grid(font, originX, originY, cols, rows, width, height, frameWidth, frameHeight, linearLight);
        }

        public int cellWidth() {
            return font.width();
        }

        /** The width of a cell on the frame as received (scaled with it). */
        public double cellWidthOnFrame() {
            return cellWidth() * (double) frameWidth / nativeWidth;
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
            return new ScreenText(lines, NAME, boxes, grid == null ? 0 : grid.cellWidthOnFrame());
        }
    }

    private final List<GlyphMatcher> matchers;
    private volatile Grid last;

    /**
     * A reader of every shipped font ({@link BitmapFont#builtIn()}) and of the Linux console
     * font shipped beside Vaxiin or found on this machine, if any ({@link ConsoleFonts#linux()}).
     */
    public GridTextReader() {
        this.matchers = DefaultMatchers.ALL;
    }

    /** The default fonts' matchers, built once: they never change, and a watched fleet has a reader per screen. */
    private static final class DefaultMatchers {
        static final List<GlyphMatcher> ALL = matchers(withSystemFonts());
    }

    private static List<GlyphMatcher> matchers(List<BitmapFont> fonts) {
        if (fonts.isEmpty()) {
            throw new IllegalArgumentException("no fonts to read");
        }
        List<GlyphMatcher> list = new ArrayList<>();
        for (BitmapFont f : fonts) {
            list.add(new GlyphMatcher(f));
        }
        return List.copyOf(list);
    }

    private static List<BitmapFont> withSystemFonts() {
        List<BitmapFont> fonts = new ArrayList<>(BitmapFont.builtIn());
        fonts.addAll(2, ConsoleFonts.linux()); // after the VGA ROM font, which it mostly equals
        return fonts;
    }

    /** A reader of one 8×16 VGA-style font, in 9- and 8-pixel cells. */
    public GridTextReader(VgaFont font) {
        this(List.of(BitmapFont.fromVga(font, 9), BitmapFont.fromVga(font, 8)));
    }

    /** A reader of {@code fonts}, tried in this order when they read a frame equally well. */
    public GridTextReader(List<BitmapFont> fonts) {
        this.matchers = matchers(fonts);
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
        Edges edges = new Edges(px, width, height);
        for (Grid g : hints) {
            Reading reading = tryGrid(px, width, height, edges, g);
            if (reading != null && reading.confident()) {
                last = g;
                return reading;
            }
        }
        Reading best = search(px, width, height, edges, width, height, false);
        if (!best.confident()) {
            for (ScaledFrames.Scaling scaling : ScaledFrames.scalings(matchers, px, width, height, edges)) {
                int[] small = ScaledFrames.unscale(px, width, height, scaling.width(), scaling.height(),
                    scaling.linearLight());
                Reading reading = search(small, scaling.width(), scaling.height(),
                    new Edges(small, scaling.width(), scaling.height()), width, height, scaling.linearLight());
                if (reading.confident() || best.grid() == null) {
                    best = reading;
                }
                if (reading.confident()) {
                    break;
                }
            }
        }
        if (best.confident()) {
            last = best.grid();
        }
        return best;
    }

    /** Reads the frame on grid {@code g} (found on an earlier frame) if a probe says it still holds, else null. */
    private Reading tryGrid(int[] px, int width, int height, Edges edges, Grid g) {
        GlyphMatcher m = matcher(g.font());
        if (g.frameWidth() != width || g.frameHeight() != height || m == null || edges.total == 0) {
            return null;
        }
        int[] src = px;
        Edges seen = edges;
        if (g.scaled()) {
            int[] lines = edges.busiestRows();
            if (ScaledFrames.upscaleResidual(px, width, height, g.nativeWidth(), true, lines, g.linearLight())
                > ScaledFrames.UPSCALE_FIT) {
                return null;
            }
            src = ScaledFrames.unscale(px, width, height, g.nativeWidth(), g.nativeHeight(), g.linearLight());
            seen = new Edges(src, g.nativeWidth(), g.nativeHeight());
            if (seen.total == 0) {
                return null;
            }
        }
        Work work = new Work();
        work.use(m);
        if (probe(src, g.nativeWidth(), g.nativeHeight(), m, g.originX(), g.originY(), seen, work, new Row(1), g) == null) {
            return null;
        }
        return readGrid(src, g.nativeWidth(), g);
    }

    private GlyphMatcher matcher(BitmapFont font) {
        for (GlyphMatcher m : matchers) {
            if (m.font == font) {
                return m;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // finding the grid

    private record Candidate(Grid grid, double score) {
    }

    /**
     * Finds the likeliest grids on a frame of {@code width × height} (native) pixels and reads
     * them best first; the first confident reading, else the best one.
     *
     * <ol>
     * <li>A lossless frame (its edges lie between two flat colours, as a bitmap font draws them;
     * antialiased, JPEG or scaled text has shades there) scores every origin of every font by
     * exact lookups of the cells under a few edges: cheap, and decisive.
     * <li>Otherwise, or when that reads nothing, the origins at which the frame's edges follow
     * each font's ink profile are probed: the cells under the edges are read tolerantly until too
     * many are no glyph, which on a frame that is no bitmap font takes three or four cells.
     * On a frame scaled back ({@code width × height} is not the frame's size), which
     * {@link ScaledFrames#scalings} has already shown to be a viewer's scaling, every origin is probed.
     * </ol>
     */
    private Reading search(int[] px, int width, int height, Edges edges, int frameWidth, int frameHeight,
                           boolean linearLight) {
        if (edges.total == 0) {
            return Reading.none();
        }
        Reading best = Reading.none();
        Work work = new Work();
        Row scratch = new Row(1);
        boolean scaled = width != frameWidth || height != frameHeight;
        if (edges.lossless() && !scaled) {
            List<Candidate> candidates = new ArrayList<>();
            for (GlyphMatcher m : matchers) {
                if (m.width > width || m.height > height) {
                    continue;
                }
                work.use(m);
                for (int oy = 0; oy < m.height; oy++) {
                    for (int ox = 0; ox < m.width; ox++) {
                        score(px, width, height, m, ox, oy, edges.anchors, work, scratch, candidates);
                    }
                }
            }
            best = readBest(px, width, candidates, best);
            if (best.confident()) {
                return best;
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (GlyphMatcher m : matchers) {
            if (m.width > width || m.height > height) {
                continue;
            }
            work.use(m);
            int[] oys = scaled ? every(m.height) : bestOffsets(edges.rowEdges, m.rowProfile, 3);
            int[] oxs = scaled ? every(m.width) : bestOffsets(edges.colEdges, m.colProfile, 3);
            for (int oy : oys) {
                for (int ox : oxs) {
                    Grid grid = Grid.fit(m.font, ox, oy, width, height, frameWidth, frameHeight, linearLight);
                    Candidate c = grid == null ? null : probe(px, width, height, m, ox, oy, edges, work, scratch, grid);
                    if (c != null) {
                        candidates.add(c);
                    }
                }
            }
        }
        return readBest(px, width, candidates, best);
    }

    private static int[] every(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /** Reads the three best candidates; the first confident reading, else the first one read (else {@code best}). */
    private Reading readBest(int[] px, int width, List<Candidate> candidates, Reading best) {
        candidates.sort(Comparator.comparingDouble(c -> -c.score()));
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

    /** Unknown cells a probe forgives: a few, and one in four of those read as glyphs. */
    private static boolean hopeless(int glyphs, int unknown) {
        return unknown > 2 + glyphs / 4;
    }

    /**
     * Reads, tolerantly, the cells of {@code grid} (font {@code m} at (ox, oy)) under the frame's
     * anchor edges, and gives up as soon as too many are no glyph (see {@link #hopeless}); a
     * candidate scored like {@link #score} when the grid holds (at most one unknown cell in five).
     */
    private static Candidate probe(int[] px, int width, int height, GlyphMatcher m, int ox, int oy, Edges edges,
                                   Work work, Row scratch, Grid grid) {
        int[] anchors = edges.anchors;
        int glyphs = 0;
        int unknown = 0;
        int score = 0;
        int used = 0;
        int lastCell = -1;
        for (int a = 0; a < anchors.length; a += 2) {
            int col = Math.floorDiv(anchors[a] - ox, m.width);
            int row = Math.floorDiv(anchors[a + 1] - oy, m.height);
            if (col < 0 || row < 0 || col >= grid.cols() || row >= grid.rows() || row * grid.cols() + col == lastCell) {
                continue;
            }
            lastCell = row * grid.cols() + col;
            used++;
            switch (decode(px, width, ox + col * m.width, oy + row * m.height, work, scratch, 0, true)) {
                case GLYPH, AMBIGUOUS -> {
                    glyphs++;
                    score += scratch.near[0] ? 2 : 3;
                }
                case UNKNOWN -> {
                    unknown++;
                    score -= 2;
                    if (hopeless(glyphs, unknown)) {
                        return null;
                    }
                }
                default -> {
                }
            }
        }
        if (glyphs == 0 || unknown * 5 > glyphs) {
            return null;
        }
        return new Candidate(grid, (double) score / used);
    }

    /**
     * Where a frame's colours change along its rows: per row, per column, a few anchor edges
     * spread over the frame, and whether the frame is lossless.
     */
    static final class Edges {
        final double[] rowEdges;
        final double[] colEdges;
        final int total;
        final int[] anchors;
        private final int flatAnchors;

        Edges(int[] px, int width, int height) {
            rowEdges = new double[height];
            colEdges = new double[width];
            int count = 0;
            for (int y = 0; y < height; y++) {
                int base = y * width;
                int previous = px[base];
                int inRow = 0;
                for (int x = 1; x < width; x++) {
                    int p = px[base + x];
                    if (p != previous && distance(p, previous) > EDGE) {
                        inRow++;
                        colEdges[x]++;
                    }
                    previous = p;
                }
                rowEdges[y] = inRow;
                count += inRow;
            }
            total = count;
            anchors = anchors(px, width, count);
            int flat = 0;
            for (int a = 0; a < anchors.length; a += 2) {
                if (flatEdge(px, width, anchors[a], anchors[a + 1])) {
                    flat++;
                }
            }
            flatAnchors = flat;
        }

        /** Up to ANCHORS edge pixels as x,y pairs, spread evenly over the frame's {@code total} edges. */
        private int[] anchors(int[] px, int width, int total) {
            int take = Math.min(ANCHORS, total);
            int[] out = new int[take * 2];
            if (take == 0) {
                return out;
            }
            long step = Math.max(1, total / take);
            long seen = 0;
            int n = 0;
            for (int y = 0; y < rowEdges.length && n < take; y++) {
                long next = n * step + step / 2; // index of the next edge to take
                if (seen + (long) rowEdges[y] <= next) {
                    seen += (long) rowEdges[y]; // not in this row: skip it without looking
                    continue;
                }
                int base = y * width;
                for (int x = 1; x < width && n < take; x++) {
                    int p = px[base + x];
                    int q = px[base + x - 1];
                    if (p != q && distance(p, q) > EDGE) {
                        if (seen == n * step + step / 2) {
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

        /**
         * Whether the edge between pixels x - 1 and x of row y joins two flat colours: the two
         * pixels either side are at most two colours. A bitmap font's edges do; antialiasing,
         * JPEG and scaling put shades there.
         */
        private static boolean flatEdge(int[] px, int width, int x, int y) {
            int base = y * width;
            int a = px[base + x - 1];
            int b = px[base + x];
            for (int k = Math.max(0, x - 2); k <= Math.min(width - 1, x + 1); k++) {
                int p = px[base + k];
                if (p != a && p != b) {
                    return false;
                }
            }
            return true;
        }

        /** True when at least a quarter of the anchor edges are flat (see {@link #flatEdge}). */
        boolean lossless() {
            return anchors.length > 0 && flatAnchors * 4 >= anchors.length;
        }

        /** The {@value #BUSIEST} rows with the most edges (fewer when fewer have any). */
        int[] busiestRows() {
            return busiest(rowEdges);
        }

        int[] busiestCols() {
            return busiest(colEdges);
        }

        private static final int BUSIEST = 16;

        private static int[] busiest(double[] edges) {
            Integer[] order = new Integer[edges.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(edges[b], edges[a]));
            int n = 0;
            while (n < Math.min(BUSIEST, order.length) && edges[order[n]] > 0) {
                n++;
            }
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = order[i];
            }
            return out;
        }
    }

    /** Anchor cells that must be read before a hopeless origin is given up. */
    private static final int FIRST_LOOK = 12;

    /**
     * Scores the grid of font {@code m} at (ox, oy) by exact lookups of the cells under the
     * anchors: a glyph 3, an unknown cell -2. Kept as a candidate when most read.
     */
    private static void score(int[] px, int width, int height, GlyphMatcher m, int ox, int oy, int[] anchors,
                              Work work, Row scratch, List<Candidate> candidates) {
        Grid grid = Grid.fit(m.font, ox, oy, width, height, width, height, false);
        if (grid == null) {
            return;
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
            int kind = decode(px, width, ox + col * m.width, oy + row * m.height, work, scratch, 0, false);
            score += switch (kind) {
                case GLYPH, AMBIGUOUS -> 3;
                case UNKNOWN -> -2;
                default -> 0;
            };
            if (used == FIRST_LOOK && score < FIRST_LOOK) {
                return;
            }
        }
        if (used > 0 && score > used) {
            candidates.add(new Candidate(grid, (double) score / used));
        }
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
        int[] gathered;
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
            gathered = new int[matcher.bits];
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

    /**
     * Whether two colours are one: near in colour, or of one brightness and not far in colour
     * (a lossy frame keeps brightness but shifts colour by a few dozen steps where colours meet:
     * JPEG's chroma subsampling).
     */
    static boolean same(int a, int b) {
        int d = distance(a, b);
        return d <= SAME_COLOUR || d <= 2 * SAME_COLOUR && Math.abs(ScreenLines.luma(a) - ScreenLines.luma(b)) <= SAME_LUMA;
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
        if (!many && same(c0, c1)) {
            // two shades of one colour (rounding in a frame scaled back, a gradient): no glyph
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
        int dark = 255;
        int light = 0;
        for (int i = 0; i < n; i++) {
            int y = ScreenLines.luma(p[i]);
            dark = Math.min(dark, y);
            light = Math.max(light, y);
        }
        if (light - dark >= LUMA_CONTRAST) {
            return binariseLuma(work, row, c, dark, light);
        }
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
        if (same(ca, cb)) {
            return blank(row, c, mean(p, n));
        }
        int[] cluster = work.cluster;
        int[] means = new int[2];
        for (int iteration = 0; iteration < 2; iteration++) {
            for (int i = 0; i < n; i++) {
                cluster[i] = distance(p[i], cb) < distance(p[i], ca) ? 1 : 0;
            }
            if (!clusterMeans(work, means)) {
                return blank(row, c, mean(p, n));
            }
            ca = means[0];
            cb = means[1];
        }
        if (same(ca, cb)) {
            return blank(row, c, mean(p, n));
        }
        return nearestLossy(work, row, c, cb, ca);
    }

    /**
     * The mean colour of each of the cell's two clusters ({@code work.cluster}, 0 or 1 per
     * pixel) into {@code means}, and cluster 1 as the cell's mask; false when a cluster is empty.
     */
    private static boolean clusterMeans(Work work, int[] means) {
        int[] p = work.pixels;
        int[] cluster = work.cluster;
        long[] mask = work.mask;
        Arrays.fill(mask, 0);
        long[][] sum = new long[2][3];
        int[] count = new int[2];
        for (int i = 0; i < work.m.bits; i++) {
            int k = cluster[i];
            int q = p[i];
            sum[k][0] += q >>> 16 & 0xFF;
            sum[k][1] += q >>> 8 & 0xFF;
            sum[k][2] += q & 0xFF;
            count[k]++;
            if (k == 1) {
                mask[i >>> 6] |= 1L << (i & 63);
            }
        }
        if (count[0] == 0 || count[1] == 0) {
            return false;
        }
        for (int k = 0; k < 2; k++) {
            means[k] = (int) (sum[k][0] / count[k]) << 16 | (int) (sum[k][1] / count[k]) << 8 | (int) (sum[k][2] / count[k]);
        }
        return true;
    }

    /**
     * Splits a cell into its dark and light pixels (2-means on brightness) and reads the nearest
     * glyph. Brightness first: a JPEG frame keeps it sharp but smears colour over a pixel or two
     * (chroma subsampling), so a split by colour turns cyan on magenta to noise and the edge of
     * a shadow into a partial block.
     */
    private static int binariseLuma(Work work, Row row, int c, int dark, int light) {
        int[] p = work.pixels;
        int n = work.m.bits;
        int[] cluster = work.cluster;
        double lo = dark;
        double hi = light;
        for (int iteration = 0; iteration < 3; iteration++) {
            double mid = (lo + hi) / 2;
            long sumLo = 0;
            long sumHi = 0;
            int nLo = 0;
            int nHi = 0;
            for (int i = 0; i < n; i++) {
                int y = ScreenLines.luma(p[i]);
                if (y > mid) {
                    sumHi += y;
                    nHi++;
                } else {
                    sumLo += y;
                    nLo++;
                }
            }
            if (nLo == 0 || nHi == 0) {
                return blank(row, c, mean(p, n));
            }
            lo = (double) sumLo / nLo;
            hi = (double) sumHi / nHi;
        }
        double mid = (lo + hi) / 2;
        for (int i = 0; i < n; i++) {
            cluster[i] = ScreenLines.luma(p[i]) > mid ? 1 : 0;
        }
        int[] means = new int[2];
        if (!clusterMeans(work, means)) {
            return blank(row, c, mean(p, n));
        }
        int cd = means[0];
        int cl = means[1];
        if (hi - lo < LUMA_CONTRAST / 2.0) {
            return blank(row, c, mean(p, n));
        }
        return nearestLossy(work, row, c, cl, cd);
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
            if (near.distB >= 2 * near.distA + 6) {
                okB = false;
            } else if (near.distA >= 2 * near.distB + 6) {
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

    /** {@link #nearest} for a cell of many colours (a lossy frame): unknown but nearly one colour is blank. */
    private static int nearestLossy(Work work, Row row, int c, int set, int clear) {
        int kind = nearest(work, row, c, set, clear);
        if (kind == UNKNOWN && nearlyOneColour(work.pixels, work.m.bits)) {
            return blank(row, c, mean(work.pixels, work.m.bits));
        }
        return kind;
    }

    /**
     * Whether nine in ten of the cell's pixels lie near its middle colour: a cell no glyph fits
     * that is this flat is an empty cell in a lossy frame (JPEG noise at the edge of a coloured
     * bar), not an unknown character.
     */
    private static boolean nearlyOneColour(int[] p, int n) {
        int[] r = new int[n];
        int[] g = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = p[i] >>> 16 & 0xFF;
            g[i] = p[i] >>> 8 & 0xFF;
            b[i] = p[i] & 0xFF;
        }
        Arrays.sort(r);
        Arrays.sort(g);
        Arrays.sort(b);
        int middle = r[n / 2] << 16 | g[n / 2] << 8 | b[n / 2];
        int near = 0;
        for (int i = 0; i < n; i++) {
            if (distance(p[i], middle) <= SAME_COLOUR) {
                near++;
            }
        }
        return near * 10 >= n * 9;
    }

    /**
     * Whether the nearest glyph, {@code distance} half bits off (see {@link GlyphMatcher#nearest}),
     * is near enough ({@code maxNear} bits) and clearly nearer than the best other character
     * ({@code second} half bits off): at most two thirds as far. A cell nearest to a blank only
     * needs to be nearer than anything else: noise, not a glyph.
     */
    static boolean clearlyNearest(int distance, int second, int codePoint, int maxNear) {
        if (distance > 2 * maxNear + 1) {
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
