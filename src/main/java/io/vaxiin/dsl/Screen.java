package io.vaxiin.dsl;

import io.vaxiin.vision.ScreenText;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The text on the screen at one moment, as a script sees it through {@code screen}. It is a
 * {@link CharSequence}, so {@code screen =~ /re/} and {@code screen.contains('x')} work as on a
 * string; line N is row N of the screen.
 */
public final class Screen implements CharSequence {

    private final ScreenText text;
    private final String joined;

    public Screen(ScreenText text) {
        this.text = text;
        this.joined = text.text();
    }

    /** The rows of text, row 0 first. */
    public List<String> getLines() { return text.lines(); }

    /**
     * One row of the screen, 0 for the top row; an empty string past the last row.
     *
     * @param n row number, from 0
     */
    public String line(int n) {
        List<String> lines = text.lines();
        return n >= 0 && n < lines.size() ? lines.get(n) : "";
    }

    /**
     * The part of the screen in a rectangle of character cells: {@code w} columns from column
     * {@code x}, {@code h} rows from row {@code y} (all from 0).
     */
    public Screen region(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w < 0 || h < 0) {
            throw new IllegalArgumentException("screen.region needs non-negative x, y, w, h (cells), got "
                    + x + ", " + y + ", " + w + ", " + h);
        }
        List<String> out = new java.util.ArrayList<>();
        for (int row = y; row < y + h && row < text.lines().size(); row++) {
            String line = text.lines().get(row);
            out.add(x >= line.length() ? "" : line.substring(x, Math.min(line.length(), x + w)).stripTrailing());
        }
        return new Screen(new ScreenText(out, text.reader()));
    }

    /** True when the screen holds {@code s} anywhere (lines joined with {@code \n}). */
    public boolean contains(CharSequence s) { return joined.contains(s); }

    /** True when {@code regex} is found anywhere on the screen. */
    public boolean find(String regex) { return Pattern.compile(regex).matcher(joined).find(); }

    /** Which reader produced this text ("grid", "tesseract", ...). */
    public String getReader() { return text.reader(); }

    /** The underlying text, for the engine. */
    public ScreenText text() { return text; }

    @Override public int length() { return joined.length(); }
    @Override public char charAt(int index) { return joined.charAt(index); }
    @Override public CharSequence subSequence(int start, int end) { return joined.subSequence(start, end); }
    @Override public String toString() { return joined; }
}
