package io.vaxiin.vision;

import java.awt.Rectangle;
import java.util.Collections;
import java.util.List;

/**
 * The text read from one screen, line by line (line N of the list is row N of the console's text
 * area).
 *
 * @param lines  the rows of text, trailing blanks removed
 * @param reader which reader produced it ("grid" for a bitmap font's cells, "tesseract", ...)
 * @param boxes  where each line is on the screen, in pixels (same size as {@code lines}), or
 *               empty when the reader does not know
 * @param cellWidth the width of a character cell on the frame in pixels, when the reader read a
 *               grid of cells (character N of a line starts N cells right of its box's left
 *               edge), else 0: the characters have no fixed place in their box
 * @param area   where the console's text area lies on the frame, when the text was read on its
 *               grid of cells; else null
 * @param sources who read each line (same size as {@code lines}): {@code "grid:FONT"} for a line
 *               read cell by cell in a font (a shipped one, one loaded from a {@code .vxf} file,
 *               or {@code learnt-WxH}, learnt on this console), {@code "tesseract"} for OCR; or
 *               empty, when every line was read by {@code reader}
 */
public record ScreenText(List<String> lines, String reader, List<Rectangle> boxes, double cellWidth, Area area,
                         List<String> sources) {

    public static final ScreenText EMPTY = new ScreenText(List.of(), "none");

    /**
     * The console's own grid of character cells on the frame (its text area): a UEFI console in
     * 80×25 drawn in the middle of a 1024×768 frame has its area at (192, 146), 80 columns of 25
     * rows, whatever lies around it.
     *
     * @param x          left of the area's first column, in pixels of the frame as received
     * @param y          top of its first row
     * @param cols       columns of cells
     * @param rows       rows of cells
     * @param cellWidth  a cell's width on the frame (fractional on a frame a viewer scaled)
     * @param cellHeight a cell's height on the frame
     * @param font       the font the cells were read in
     */
    public record Area(int x, int y, int cols, int rows, double cellWidth, double cellHeight, String font) {
    }

    public ScreenText {
        lines = List.copyOf(lines);
        boxes = boxes.stream().map(Rectangle::new).toList();
        sources = List.copyOf(sources);
        if (!boxes.isEmpty() && boxes.size() != lines.size()) {
            throw new IllegalArgumentException("one box per line: " + lines.size() + " lines, " + boxes.size() + " boxes");
        }
        if (!sources.isEmpty() && sources.size() != lines.size()) {
            throw new IllegalArgumentException("one source per line: " + lines.size() + " lines, " + sources.size() + " sources");
        }
    }

    /** Text without positions. */
    public ScreenText(List<String> lines, String reader) {
        this(lines, reader, List.of());
    }

    /** Text with each line's box, its characters in no fixed cells. */
    public ScreenText(List<String> lines, String reader, List<Rectangle> boxes) {
        this(lines, reader, boxes, 0, null, List.of());
    }

    /** Text read on a grid of cells in {@code area}, every line in {@code area.font()}. */
    public static ScreenText onGrid(List<String> lines, String reader, List<Rectangle> boxes, Area area) {
        return new ScreenText(lines, reader, boxes, area.cellWidth(), area,
            Collections.nCopies(lines.size(), reader + ":" + area.font()));
    }

    /** Who read line {@code n}: {@code "grid:FONT"}, {@code "tesseract"}, ... */
    public String sourceOf(int n) {
        return sources.isEmpty() ? reader : sources.get(n);
    }

    /** The same text with other lines (a masked or cut copy), its positions and sources kept where the lines are as many. */
    public ScreenText withLines(List<String> other) {
        return other.size() == lines.size()
            ? new ScreenText(other, reader, boxes, cellWidth, area, sources)
            : new ScreenText(other, reader);
    }

    /** All lines joined with {@code \n}. */
    public String text() {
        return String.join("\n", lines);
    }

    @Override
    public String toString() {
        return text();
    }
}
