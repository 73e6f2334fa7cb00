package io.vaxiin.vision;

import static io.vaxiin.vision.CellMatching.AMBIGUOUS;
import static io.vaxiin.vision.CellMatching.GLYPH;
import static io.vaxiin.vision.CellMatching.UNKNOWN;

import io.vaxiin.vision.CellMatching.Row;
import io.vaxiin.vision.CellMatching.Work;
import io.vaxiin.vision.GridTextReader.Grid;
import io.vaxiin.vision.GridTextReader.Reading;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds where the character grid lies on a frame, for a reader's fonts: which font, at which
 * origin. Candidate grids are scored by exact lookups (a lossless frame) or probed tolerantly
 * at the origins the frame's edges suggest, and the likeliest are read whole.
 */
final class GridSearch {

    private final List<GlyphMatcher> matchers;

    /** A search over the fonts of {@code matchers}, tried in this order when they read a frame equally well. */
    GridSearch(List<GlyphMatcher> matchers) {
        this.matchers = matchers;
    }

    /** The matchers of the fonts searched, in order. */
    List<GlyphMatcher> matchers() {
        return matchers;
    }

    /** The matcher of {@code font}, or null when it is none of these fonts. */
    GlyphMatcher matcher(BitmapFont font) {
        for (GlyphMatcher m : matchers) {
            if (m.font == font) {
                return m;
            }
        }
        return null;
    }

    /** Reads every cell of {@code grid} on a frame of {@code width} (native) pixels a line. */
    Reading readGrid(int[] px, int width, Grid grid) {
        return GridRows.readGrid(px, width, grid, matcher(grid.font()));
    }

    /** A grid that may be the frame's, and how well its cells read (the higher the likelier). */
    record Candidate(Grid grid, double score) {
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
    Reading search(int[] px, int width, int height, FrameEdges edges, int frameWidth, int frameHeight,
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
    static Candidate probe(int[] px, int width, int height, GlyphMatcher m, int ox, int oy, FrameEdges edges,
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
}
