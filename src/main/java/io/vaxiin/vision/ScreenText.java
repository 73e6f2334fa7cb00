package io.vaxiin.vision;

import java.util.List;

/**
 * The text read from one screen, line by line (line N of the list is row N of the screen).
 *
 * @param lines  the rows of text, trailing blanks removed
 * @param reader which reader produced it ("grid" for a known bitmap font, "tesseract", ...)
 */
public record ScreenText(List<String> lines, String reader) {

    public static final ScreenText EMPTY = new ScreenText(List.of(), "none");

    public ScreenText {
        lines = List.copyOf(lines);
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
