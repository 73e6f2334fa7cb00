package io.vaxiin.vision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns the bitmap font of a console that no shipped font draws, from the console's own frames:
 * a bitmap font draws each character the same way, so the frame's cells are grouped by exact
 * shape, and only each new shape is read: box drawing, blocks and shades by their geometry
 * ({@link BoxShapes}), the rest by OCR of the rows they stand in (context for the recogniser),
 * each reading a vote for the shape of its cell ({@link RowVotes}). A shape takes the character most votes gave it,
 * so a '0' misread once as 'O' stays '0' once its other cells have been read. What is learnt is a
 * {@link BitmapFont}, which {@link GridTextReader} then reads exactly, frame after frame, as it
 * reads a shipped font.
 *
 * <p>The grid is found from the pixels: text rows and columns leave a blank line between cells
 * (the transitions along each pixel row and column repeat with the cell's height and width), and
 * of the origins that fit, the one whose cells are two colours each and repeat most is taken.
 * Only lossless frames are learnt from (every cell of at most two colours).
 *
 * <p>What each shape then is, where OCR alone does not settle it, is {@link ShapeCharacters}'
 * part; what is known of each shape is a {@link KnownShape}.
 *
 * <p>One per console; not thread-safe (its console reader calls it under its own lock).
 */
final class FontLearner {

    /** At most this share of a frame's inked cells may be of more than two colours (a cursor, a picture). */
    static final double MAX_MIXED = 0.05;
    /** A frame whose inked cells are more than this share distinct shapes is no text console. */
    static final double MAX_DISTINCT = 0.5;
    /** A frame with fewer inked cells than this teaches nothing (a cursor, a logo's corner): too little to tell a font by. */
    static final int MIN_INKED = 40;
    /** Nor one whose commonest shape is more than this share of its inked cells (a dithered background, not text). */
    static final double MAX_ONE_SHAPE = 0.6;
    /** Shapes a console's learner remembers at most; past it (frames that are no text after all) it starts anew. */
    static final int MAX_SHAPES = 4_096;
    /** Characters OCR confuses with one another: a shape of one of them wants two votes that agree. */
    static final String CONFUSABLE = "0OoQD1lI|i!5S8B2Z6G9gqrn";

    /** OCR of grey pictures of single lines: per picture, its characters with their columns. */
    interface Ocr {
        List<List<CellReader.Symbol>> read(List<CellReader.Picture> lines);
    }

    private final Map<CellShapes.Shape, KnownShape> known = new LinkedHashMap<>();
    private int cellWidth;
    private int cellHeight;
    private BitmapFont font;
    private String name;
    private int rowsRead;

    /**
     * Starts from {@code learnt}, a font learnt before (on another console, or saved to a file):
     * its glyphs are settled, and only shapes it lacks are read from the frames to come.
     */
    void seed(BitmapFont learnt) {
        known.clear();
        cellWidth = learnt.width();
        cellHeight = learnt.height();
        for (BitmapFont.Glyph g : learnt.glyphs()) {
            known.computeIfAbsent(new CellShapes.Shape(g.rows()), x -> new KnownShape()).given = g.codePoint();
        }
        font = learnt;
        name = learnt.name();
    }

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
        CellGrid grid = CellGrid.find(px, width, height, cellWidth, cellHeight);
        if (grid == null) {
            return font;
        }
        if (grid.width() != cellWidth || grid.height() != cellHeight || known.size() > MAX_SHAPES) {
            known.clear(); // another mode, another font (or too many shapes to be one)
            cellWidth = grid.width();
            cellHeight = grid.height();
            font = null;
            name = null;
        }
        CellShapes.Cells cells = known.isEmpty() ? CellShapes.of(px, width, grid) : likeKnown(px, width, height, grid);
        if (cells.inked() < MIN_INKED || cells.mixed() > MAX_MIXED * cells.inked() || cells.shapes().size() > MAX_DISTINCT * cells.inked()
                || Arrays.stream(cells.counts()).max().orElse(0) > MAX_ONE_SHAPE * cells.inked()) {
            return font;
        }
        boolean changed = rebase(cells);
        if (anotherFont(cells)) {
            known.clear(); // the console's font changed at the same cell size (VGA's 8x16 to Terminus's)
            font = null;
            name = null;
            cells = CellShapes.of(px, width, grid);
            changed = false;
        }
        changed |= geometry(cells);
        RowVotes.Read r = new RowVotes(known).read(cells, ocr);
        rowsRead = r.rows();
        changed |= r.voted();
        if (changed || font == null) {
            changed |= context(cells);
            font = build();
        }
        return font;
    }

    /** A frame is in another font when fewer of its text cells than this are shapes learnt so far. */
    static final double SAME_FONT = 0.25;

    /**
     * Whether a frame of the learnt cell size is in another font: of its cells that are no box
     * drawing, block or shade (which fonts of one size draw alike), few are shapes learnt so far,
     * where a frame in the same font shows mostly the common letters it showed before.
     */
    private boolean anotherFont(CellShapes.Cells cells) {
        if (known.isEmpty()) {
            return false;
        }
        int[] counts = cells.counts();
        List<int[]> all = new ArrayList<>();
        for (CellShapes.Shape shape : cells.shapes()) {
            all.add(shape.rows());
        }
        int[] light = BoxShapes.thinnest(all, cellWidth, cellHeight);
        int text = 0;
        int knownText = 0;
        for (int s = 0; s < counts.length; s++) {
            CellShapes.Shape shape = cells.shapes().get(s);
            KnownShape k = known.get(shape);
            if (k != null && k.geometric >= 0 || k == null && BoxShapes.classify(shape.rows(), cellWidth, cellHeight, light) >= 0) {
                continue;
            }
            text += counts[s];
            knownText += k != null ? counts[s] : 0;
        }
        return text >= MIN_INKED && knownText < SAME_FONT * text;
    }

    /** How far the shapes learnt so far may be moved to line up with a frame's: a font's blank margin. */
    static final int REBASE = 2;

    /**
     * Moves what was learnt to where this frame's cells put the font's ink, when that is elsewhere:
     * a frame of one colour pair lets a font's cells start at any line of its blank margins, and the
     * next frame, with coloured boxes, at one only. The shapes learnt are moved when moved they are
     * the frame's shapes far more often than as they are; whether they were.
     */
    private boolean rebase(CellShapes.Cells cells) {
        if (known.isEmpty()) {
            return false;
        }
        java.util.Set<CellShapes.Shape> frame = new java.util.HashSet<>(cells.shapes());
        int stay = hits(frame, 0, 0);
        int bestDx = 0;
        int bestDy = 0;
        int best = stay;
        for (int dy = -REBASE; dy <= REBASE; dy++) {
            for (int dx = -REBASE; dx <= REBASE; dx++) {
                int h = dx == 0 && dy == 0 ? stay : hits(frame, dx, dy);
                if (h > best) {
                    best = h;
                    bestDx = dx;
                    bestDy = dy;
                }
            }
        }
        if (best < 2 * stay + 3) {
            return false;
        }
        Map<CellShapes.Shape, KnownShape> moved = new LinkedHashMap<>();
        for (Map.Entry<CellShapes.Shape, KnownShape> e : known.entrySet()) {
            int[] rows = shifted(e.getKey().rows(), bestDx, bestDy);
            if (rows != null) {
                moved.putIfAbsent(new CellShapes.Shape(rows), e.getValue());
            }
        }
        known.clear();
        known.putAll(moved);
        return true;
    }

    /** How many learnt shapes, moved by (dx, dy), are shapes of the frame. */
    private int hits(java.util.Set<CellShapes.Shape> frame, int dx, int dy) {
        int n = 0;
        for (CellShapes.Shape s : known.keySet()) {
            int[] rows = dx == 0 && dy == 0 ? s.rows() : shifted(s.rows(), dx, dy);
            if (rows != null && frame.contains(new CellShapes.Shape(rows))) {
                n++;
            }
        }
        return n;
    }

    /** A pixel row of the cell all ink. */
    private int fullRow() {
        return cellWidth == 32 ? -1 : (1 << cellWidth) - 1;
    }

    /** A shape moved {@code dx} right and {@code dy} down in its cell; null when ink would leave the cell. */
    private int[] shifted(int[] rows, int dx, int dy) {
        int full = fullRow();
        int[] out = new int[rows.length];
        for (int y = 0; y < rows.length; y++) {
            int row = rows[y];
            if (row == 0) {
                continue;
            }
            int to = y + dy;
            if (to < 0 || to >= rows.length) {
                return null;
            }
            int moved = dx >= 0 ? row >>> dx : row << -dx;
            if ((dx >= 0 ? moved << dx : moved >>> -dx) != row || (moved & ~full) != 0) {
                return null;
            }
            out[to] = moved;
        }
        return out;
    }

    /**
     * The frame's cells at the origin, of those that fit it alike, whose shapes this learner knows
     * best: the shapes learnt on one frame are the next frame's only when both are cut at the
     * same line of the font's blank rows and columns.
     */
    private CellShapes.Cells likeKnown(int[] px, int width, int height, CellGrid grid) {
        CellShapes.Cells best = null;
        int most = -1;
        for (CellGrid g : CellGrid.alike(px, width, height, grid)) {
            CellShapes.Cells cells = CellShapes.of(px, width, g);
            int knownCells = 0;
            int[] counts = cells.counts();
            for (int s = 0; s < counts.length; s++) {
                if (known.containsKey(cells.shapes().get(s))) {
                    knownCells += counts[s];
                }
            }
            if (knownCells > most) {
                most = knownCells;
                best = cells;
            }
        }
        return best;
    }

    /**
     * Counts, for each shape of the frame, how many of its cells stand beside a digit and how
     * many beside a letter (by what the shapes read as now): a zero OCR reads as a letter stands
     * among digits. Whether a count changed.
     */
    private boolean context(CellShapes.Cells cells) {
        CellGrid g = cells.grid();
        Map<CellShapes.Shape, Integer> chars = new ShapeCharacters(known, cellWidth).of();
        int[] cp = new int[cells.shapes().size()];
        for (int i = 0; i < cp.length; i++) {
            cp[i] = chars.getOrDefault(cells.shapes().get(i), -1);
        }
        boolean changed = false;
        for (int r = 0; r < g.rows(); r++) {
            for (int c = 0; c < g.cols(); c++) {
                int s = cells.shapeOf()[r * g.cols() + c];
                if (s < 0) {
                    continue;
                }
                KnownShape k = known.get(cells.shapes().get(s));
                for (int n : new int[] {c - 1, c + 1}) {
                    int o = n >= 0 && n < g.cols() ? cells.shapeOf()[r * g.cols() + n] : -1;
                    if (o < 0 || o == s || cp[o] < 0) {
                        continue;
                    }
                    if (cp[o] >= '1' && cp[o] <= '9') {
                        k.besideDigit++;
                        changed = true;
                    } else if (Character.isLetter(cp[o])) {
                        k.besideLetter++;
                        k.besideLower += Character.isLowerCase(cp[o]) ? 1 : 0;
                        k.besideUpper += Character.isUpperCase(cp[o]) ? 1 : 0;
                        changed = true;
                    }
                }
            }
        }
        return changed;
    }

    // ---------------------------------------------------------------------------------------
    // what the shapes are

    /** Settles the frame's new shapes that are geometric; whether one was. */
    private boolean geometry(CellShapes.Cells cells) {
        CellGrid g = cells.grid();
        List<int[]> all = new ArrayList<>();
        for (CellShapes.Shape s : cells.shapes()) {
            all.add(s.rows());
        }
        int[] light = BoxShapes.thinnest(all, g.width(), g.height());
        int[] geometric = new int[cells.shapes().size()];
        for (int i = 0; i < geometric.length; i++) {
            KnownShape k = known.get(cells.shapes().get(i));
            geometric[i] = k != null && k.geometric >= 0 ? k.geometric
                    : BoxShapes.classify(cells.shapes().get(i).rows(), g.width(), g.height(), light);
        }
        boolean changed = false;
        for (int i = 0; i < geometric.length; i++) {
            CellShapes.Shape s = cells.shapes().get(i);
            KnownShape k = known.computeIfAbsent(s, x -> new KnownShape());
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
            k.shadeAlone = Fills.isShade(cp) ? cp : -1;
            changed = true;
        }
        for (int i = 0; i < geometric.length; i++) {
            KnownShape k = known.get(cells.shapes().get(i));
            if (geometric[i] >= 0 || k.fixed()) {
                continue;
            }
            BoxShapes.ShortArm s = BoxShapes.shortArm(cells.shapes().get(i).rows(), g.width(), g.height(), light);
            if (s != null && meetsLine(cells, geometric, i, s.left())) {
                k.geometric = s.codePoint();
                geometric[i] = s.codePoint();
                changed = true;
            }
        }
        return changed | shadesInOrder();
    }

    /**
     * Tells the shades learnt so far relative to each other ({@link Fills#relative}), from what
     * each is on its own: the same shades in any order of frames; whether one changed.
     */
    private boolean shadesInOrder() {
        List<KnownShape> shades = new ArrayList<>();
        List<int[]> rows = new ArrayList<>();
        for (Map.Entry<CellShapes.Shape, KnownShape> e : known.entrySet()) {
            if (e.getValue().shadeAlone >= 0) {
                shades.add(e.getValue());
                rows.add(e.getKey().rows());
            }
        }
        int[] alone = new int[shades.size()];
        for (int i = 0; i < alone.length; i++) {
            alone[i] = shades.get(i).shadeAlone;
        }
        int[] now = Fills.relative(rows, alone, cellWidth, cellHeight);
        boolean changed = false;
        for (int i = 0; i < alone.length; i++) {
            changed |= now[i] != shades.get(i).geometric;
            shades.get(i).geometric = now[i];
        }
        return changed;
    }

    /**
     * Whether every cell of shape {@code shape} has, on its left ({@code left}) or right, a box
     * neighbour whose line comes toward it, and there is one: a corner whose arm stops a pixel
     * short of the edge meets the line it ends (efont 12's {@code ┐} at the end of its {@code ─}).
     */
    private static boolean meetsLine(CellShapes.Cells cells, int[] geometric, int shape, boolean left) {
        CellGrid g = cells.grid();
        int met = 0;
        for (int r = 0; r < g.rows(); r++) {
            for (int c = 0; c < g.cols(); c++) {
                if (cells.shapeOf()[r * g.cols() + c] != shape) {
                    continue;
                }
                int n = left ? c - 1 : c + 1;
                int o = n >= 0 && n < g.cols() ? cells.shapeOf()[r * g.cols() + n] : -1;
                if (o < 0 || !BoxShapes.armTowards(geometric[o], left)) {
                    return false;
                }
                met++;
            }
        }
        return met > 0;
    }

    /** Whether a cell of shape {@code shape} has a geometric neighbour along its line (left or right; above or below). */
    private static boolean meetsBox(CellShapes.Cells cells, int[] geometric, int shape, boolean horizontal) {
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

    /** Each shade and block with the one it is in the other colours (▒ is ▒ drawn the other way: a variant). */
    private static final Map<Integer, Integer> BLOCK_INVERSES = Map.ofEntries(
        Map.entry(0x2580, 0x2584), Map.entry(0x2584, 0x2580),   // ▀ ▄
        Map.entry(0x258C, 0x2590), Map.entry(0x2590, 0x258C),   // ▌ ▐
        Map.entry(0x2591, 0x2593), Map.entry(0x2593, 0x2591),   // ░ ▓
        Map.entry(0x2592, 0x2592),                              // ▒
        Map.entry(0x2596, 0x259C), Map.entry(0x259C, 0x2596),   // ▖ ▜
        Map.entry(0x2597, 0x259B), Map.entry(0x259B, 0x2597),   // ▗ ▛
        Map.entry(0x2598, 0x259F), Map.entry(0x259F, 0x2598),   // ▘ ▟
        Map.entry(0x259D, 0x2599), Map.entry(0x2599, 0x259D),   // ▝ ▙
        Map.entry(0x259A, 0x259E), Map.entry(0x259E, 0x259A));  // ▚ ▞

    /** The font of every shape with a character, the full block added (a one-colour cell is no shape). */
    private BitmapFont build() {
        List<BitmapFont.Glyph> glyphs = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (Map.Entry<CellShapes.Shape, Integer> e : new ShapeCharacters(known, cellWidth).of().entrySet()) {
            int cp = e.getValue();
            glyphs.add(new BitmapFont.Glyph(cp, seen.add(cp) ? BitmapFont.Style.REGULAR : BitmapFont.Style.VARIANT, e.getKey().rows()));
        }
        int full = fullRow();
        if (seen.add(0x2588)) {
            int[] rows = new int[cellHeight];
            Arrays.fill(rows, full);
            glyphs.add(new BitmapFont.Glyph(0x2588, BitmapFont.Style.REGULAR, rows));
        }
        // a shade or block is its counterpart in the other colours (▓ is ░ inverted, ▄ is ▀): a cell of one
        // is a cell of the other read the other way round, so both are in the font, and the reader tells
        // them by the colours around them as it does in a shipped font
        java.util.Set<List<Integer>> drawn = new java.util.HashSet<>();
        for (BitmapFont.Glyph g : glyphs) {
            drawn.add(Arrays.stream(g.rows()).boxed().toList());
        }
        List<BitmapFont.Glyph> inverses = new ArrayList<>();
        for (BitmapFont.Glyph g : glyphs) {
            int other = BLOCK_INVERSES.getOrDefault(g.codePoint(), -1);
            if (other < 0) {
                continue;
            }
            if (Fills.isShade(g.codePoint()) && Fills.selfInverse(g.rows(), cellWidth, cellHeight)) {
                other = g.codePoint(); // a checkerboard told ▓ beside a lighter ▒ (efont 14) is ▓ either way round
            }
            int[] rows = new int[cellHeight];
            for (int y = 0; y < cellHeight; y++) {
                rows[y] = ~g.rows()[y] & full;
            }
            if (drawn.add(Arrays.stream(rows).boxed().toList())) {
                inverses.add(new BitmapFont.Glyph(other, seen.add(other) ? BitmapFont.Style.REGULAR : BitmapFont.Style.VARIANT, rows));
            }
        }
        glyphs.addAll(inverses);
        return BitmapFont.of(name != null ? name : "learnt-" + cellWidth + "x" + cellHeight, cellWidth, cellHeight, glyphs);
    }
}
