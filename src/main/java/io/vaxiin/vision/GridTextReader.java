package io.vaxiin.vision;

import static io.vaxiin.vision.CellMatching.AMBIGUOUS;
import static io.vaxiin.vision.CellMatching.GLYPH;
import static io.vaxiin.vision.CellMatching.UNKNOWN;

import io.vaxiin.vision.CellMatching.Row;
import io.vaxiin.vision.CellMatching.Work;

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
    /** Colour difference that makes a pixel an edge, for finding the grid. */
    private static final int EDGE = 60;

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

    /** Reads every cell of {@code grid} on a frame of {@code width} (native) pixels a line. */
    private Reading readGrid(int[] px, int width, Grid grid) {
        return GridRows.readGrid(px, width, grid, matcher(grid.font()));
    }

    /** Reads grid row {@code r} into a string (trailing blanks cut), counting into {@code row}. */
    String readRow(int[] px, int width, Grid grid, int r, Row row) {
        Work work = new Work();
        work.use(matcher(grid.font()));
        return GridRows.readRow(px, width, grid, r, row, work);
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
            switch (CellMatching.decode(px, width, ox + col * m.width, oy + row * m.height, work, scratch, 0, true)) {
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
                    if (p != previous && CellColours.distance(p, previous) > EDGE) {
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
                    if (p != q && CellColours.distance(p, q) > EDGE) {
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
            int kind = CellMatching.decode(px, width, ox + col * m.width, oy + row * m.height, work, scratch, 0, false);
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






    @Override
    public String toString() {
        return "GridTextReader " + fonts().stream().map(BitmapFont::name).toList();
    }
}
