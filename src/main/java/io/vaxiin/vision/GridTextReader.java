package io.vaxiin.vision;

import io.vaxiin.vision.CellMatching.Row;
import io.vaxiin.vision.CellMatching.Work;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
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
 *
 * <p>This class is the public face; the work is in parts named by what they do: {@code GridSearch}
 * finds the grid (from a frame's {@code FrameEdges}), {@code ScaledFrames} tells a viewer's
 * scaling and undoes it, {@code GridRows} reads a grid row by row, {@code CellMatching} reads one
 * cell, {@code LossyCells} splits a JPEG cell into its two colours, and {@code CellColours} says
 * when two colours are one.
 */
public final class GridTextReader implements TextReader {

    /** The {@link ScreenText#reader()} name of this reader. */
    public static final String NAME = "grid";

    /** Unknown cells allowed per glyph cell read before the reading is not confident (1 in 50). */
    static final int GLYPHS_PER_UNKNOWN_ALLOWED = 50;

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
            return box(0, row, cols);
        }

        /** Where {@code width} cells of grid row {@code row} from column {@code col} are on the frame as received. */
        Rectangle box(int col, int row, int width) {
            double sx = (double) frameWidth / nativeWidth;
            double sy = (double) frameHeight / nativeHeight;
            int x0 = (int) Math.round((originX + col * cellWidth()) * sx);
            int y0 = (int) Math.round((originY + row * cellHeight()) * sy);
            int x1 = (int) Math.round((originX + (col + width) * cellWidth()) * sx);
            int y1 = (int) Math.round((originY + (row + 1) * cellHeight()) * sy);
            return new Rectangle(x0, y0, x1 - x0, y1 - y0);
        }

        /**
         * The text of this grid's {@code lines} (one per grid row), as the console has it: the
         * rows and columns of its own text area ({@link TextAreas}), each line's box on the
         * frame, and where the area lies.
         */
        ScreenText text(List<String> lines) {
            TextAreas.Cells cells = TextAreas.of(this, lines);
            List<String> own = TextAreas.cut(lines, cells);
            List<Rectangle> boxes = new ArrayList<>(own.size());
            for (int r = 0; r < own.size(); r++) {
                boxes.add(box(cells.col(), cells.row() + r, cells.cols()));
            }
            Rectangle first = box(cells.col(), cells.row(), cells.cols());
            double sy = (double) frameHeight / nativeHeight;
            ScreenText.Area area = new ScreenText.Area(first.x, first.y, cells.cols(), cells.rows(), cellWidthOnFrame(),
                cellHeight() * sy, font.name());
            return ScreenText.onGrid(own, NAME, boxes, area);
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

        /** The text, in the rows and columns of the console's own text area, with each line's box on the frame. */
        public ScreenText text() {
            return grid == null ? new ScreenText(lines, NAME) : grid.text(lines);
        }
    }

    private final GridSearch search;
    private volatile Grid last;

    /**
     * A reader of every shipped font ({@link BitmapFont#builtIn()}) and of the Linux console
     * font shipped beside Vaxiin or found on this machine, if any ({@link ConsoleFonts#linux()}).
     */
    public GridTextReader() {
        this.search = new GridSearch(DefaultMatchers.ALL);
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
        this.search = new GridSearch(matchers(fonts));
    }

    /** The fonts this reader knows. */
    public List<BitmapFont> fonts() {
        return search.matchers().stream().map(m -> m.font).toList();
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
        FrameEdges edges = new FrameEdges(px, width, height);
        for (Grid g : hints) {
            Reading reading = tryGrid(px, width, height, edges, g);
            if (reading != null && reading.confident()) {
                last = g;
                return reading;
            }
        }
        Reading best = search.search(px, width, height, edges, width, height, false);
        if (!best.confident()) {
            for (ScaledFrames.Scaling scaling : ScaledFrames.scalings(search.matchers(), px, width, height, edges)) {
                int[] small = ScaledFrames.unscale(px, width, height, scaling.width(), scaling.height(),
                    scaling.linearLight());
                Reading reading = search.search(small, scaling.width(), scaling.height(),
                    new FrameEdges(small, scaling.width(), scaling.height()), width, height, scaling.linearLight());
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
    private Reading tryGrid(int[] px, int width, int height, FrameEdges edges, Grid g) {
        GlyphMatcher m = search.matcher(g.font());
        if (g.frameWidth() != width || g.frameHeight() != height || m == null || edges.total == 0) {
            return null;
        }
        int[] src = px;
        FrameEdges seen = edges;
        if (g.scaled()) {
            int[] lines = edges.busiestRows();
            if (ScaledFrames.upscaleResidual(px, width, height, g.nativeWidth(), true, lines, g.linearLight())
                > ScaledFrames.UPSCALE_FIT) {
                return null;
            }
            src = ScaledFrames.unscale(px, width, height, g.nativeWidth(), g.nativeHeight(), g.linearLight());
            seen = new FrameEdges(src, g.nativeWidth(), g.nativeHeight());
            if (seen.total == 0) {
                return null;
            }
        }
        Work work = new Work();
        work.use(m);
        GridSearch.Candidate holds = GridSearch.probe(src, g.nativeWidth(), g.nativeHeight(), m, g.originX(), g.originY(),
            seen, work, new Row(1), g);
        if (holds == null) {
            return null;
        }
        return search.readGrid(src, g.nativeWidth(), g);
    }

    /** Reads grid row {@code r} into a string (trailing blanks cut), counting into {@code row}. */
    String readRow(int[] px, int width, Grid grid, int r, Row row) {
        Work work = new Work();
        work.use(search.matcher(grid.font()));
        return GridRows.readRow(px, width, grid, r, row, work);
    }

    @Override
    public String toString() {
        return "GridTextReader " + fonts().stream().map(BitmapFont::name).toList();
    }
}
