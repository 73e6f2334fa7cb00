package io.vaxiin.vision;

import java.awt.Rectangle;
import java.util.List;

/**
 * The text read from one screen, line by line (line N of the list is row N of the screen).
 *
 * @param lines  the rows of text, trailing blanks removed
 * @param reader which reader produced it ("grid" for a known bitmap font, "tesseract", ...)
 * @param boxes  where each line is on the screen, in pixels (same size as {@code lines}), or
 *               empty when the reader does not know
 * @param cellWidth the width of a character cell on the frame in pixels, when the reader read a
 *               grid of cells (character N of a line starts N cells right of its box's left
 *               edge), else 0: the characters have no fixed place in their box
 */
public record ScreenText(List<String> lines, String reader, List<Rectangle> boxes, double cellWidth) {

    public static final ScreenText EMPTY = new ScreenText(List.of(), "none");

    public ScreenText {
        lines = List.copyOf(lines);
        boxes = boxes.stream().map(Rectangle::new).toList();
        if (!boxes.isEmpty() && boxes.size() != lines.size()) {
            throw new IllegalArgumentException("one box per line: " + lines.size() + " lines, " + boxes.size() + " boxes");
        }
    }

    /** Text without positions. */
    public ScreenText(List<String> lines, String reader) {
        this(lines, reader, List.of());
    }

    /** Text with each line's box, its characters in no fixed cells. */
    public ScreenText(List<String> lines, String reader, List<Rectangle> boxes) {
        this(lines, reader, boxes, 0);
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
