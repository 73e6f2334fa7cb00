package io.vaxiin.vision;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A VGA text-mode character buffer: {@code cols × rows} cells, each a CP437 code with a
 * foreground and a background colour from the 16-colour palette (blink off), plus the
 * hardware cursor. It draws like QEMU's standard VGA: 9×16 cells, so 80×25 gives 720×400.
 *
 * <p>Not thread-safe: one writer, and render or copy from that same thread.
 */
public final class TextModeScreen {

    /** Cell width in pixels (VGA's nine-dot mode). */
    public static final int CELL_WIDTH = 9;
    /** Cell height in pixels (the 8×16 font). */
    public static final int CELL_HEIGHT = 16;
    /** First and last scanline of the underline cursor inside a cell. */
    public static final int CURSOR_FIRST = 14;
    public static final int CURSOR_LAST = 15;

    private final int cols;
    private final int rows;
    private final short[] codes;
    private final byte[] attrs;
    private int cursorRow;
    private int cursorCol;
    private boolean cursorVisible = true;
    private VgaColor fg = VgaColor.LIGHT_GRAY;
    private VgaColor bg = VgaColor.BLACK;

    /** A blank screen of {@code cols × rows} cells, light grey on black, cursor at the top left. */
    public TextModeScreen(int cols, int rows) {
        if (cols < 1 || rows < 1 || cols > 1000 || rows > 1000) {
            throw new IllegalArgumentException("a text screen of " + cols + "x" + rows + " cells");
        }
        this.cols = cols;
        this.rows = rows;
        this.codes = new short[cols * rows];
        this.attrs = new byte[cols * rows];
        clear();
    }

    /** The standard 80×25 text screen (720×400 pixels). */
    public static TextModeScreen vga80x25() {
        return new TextModeScreen(80, 25);
    }

    public int cols() {
        return cols;
    }

    public int rows() {
        return rows;
    }

    /** Colours for {@link #write} and for cells that {@link #clear} and {@link #scrollUp} blank. */
    public TextModeScreen colors(VgaColor foreground, VgaColor background) {
        this.fg = foreground;
        this.bg = background;
        return this;
    }

    /** Blanks every cell with the current colours and puts the cursor at the top left. */
    public TextModeScreen clear() {
        Arrays.fill(codes, (short) 0x20);
        Arrays.fill(attrs, attr(fg, bg));
        cursorRow = 0;
        cursorCol = 0;
        return this;
    }

    /**
     * Puts {@code text} at (row, col) in the given colours, clipped at the end of the row.
     * Characters are Unicode and drawn as their CP437 glyph; one CP437 lacks shows as '?'.
     */
    public TextModeScreen put(int row, int col, String text, VgaColor foreground, VgaColor background) {
        checkCell(row, 0);
        for (int i = 0; i < text.length() && col + i < cols; i++) {
            if (col + i >= 0) {
                set(row, col + i, code(text.charAt(i)), foreground, background);
            }
        }
        return this;
    }

    /** Puts {@code text} at (row, col) in the current colours. */
    public TextModeScreen put(int row, int col, String text) {
        return put(row, col, text, fg, bg);
    }

    /** Sets one cell to CP437 code {@code code}. */
    public TextModeScreen set(int row, int col, int code, VgaColor foreground, VgaColor background) {
        checkCell(row, col);
        int i = row * cols + col;
        codes[i] = (short) (code & 0xFF);
        attrs[i] = attr(foreground, background);
        return this;
    }

    /** Fills a rectangle of cells with one code and colours (0x20 for a coloured bar). */
    public TextModeScreen fill(int row, int col, int width, int height, int code,
                               VgaColor foreground, VgaColor background) {
        for (int r = Math.max(0, row); r < Math.min(rows, row + height); r++) {
            for (int c = Math.max(0, col); c < Math.min(cols, col + width); c++) {
                set(r, c, code, foreground, background);
            }
        }
        return this;
    }

    /** Draws a double-line CP437 box (╔═╗║╚╝) whose outer corners are (row, col) and the opposite. */
    public TextModeScreen box(int row, int col, int width, int height, VgaColor foreground, VgaColor background) {
        int right = col + width - 1;
        int bottom = row + height - 1;
        for (int c = col + 1; c < right; c++) {
            set(row, c, 0xCD, foreground, background);
            set(bottom, c, 0xCD, foreground, background);
        }
        for (int r = row + 1; r < bottom; r++) {
            set(r, col, 0xBA, foreground, background);
            set(r, right, 0xBA, foreground, background);
        }
        set(row, col, 0xC9, foreground, background);
        set(row, right, 0xBB, foreground, background);
        set(bottom, col, 0xC8, foreground, background);
        set(bottom, right, 0xBC, foreground, background);
        return this;
    }

    /**
     * Writes {@code text} at the cursor like a teletype, in the current colours: wraps at the end of
     * a row, {@code \n} starts the next row, {@code \r} returns to column 0, and writing past the
     * last row scrolls the screen up.
     */
    public TextModeScreen write(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\n') {
                newLine();
            } else if (ch == '\r') {
                cursorCol = 0;
            } else {
                if (cursorCol >= cols) {
                    newLine();
                }
                set(cursorRow, cursorCol, code(ch), fg, bg);
                cursorCol++;
            }
        }
        return this;
    }

    private void newLine() {
        cursorCol = 0;
        if (cursorRow == rows - 1) {
            scrollUp(1);
        } else {
            cursorRow++;
        }
    }

    /** Moves every row up by {@code lines}; the rows that appear at the bottom are blank. */
    public TextModeScreen scrollUp(int lines) {
        int n = Math.min(Math.max(lines, 0), rows);
        System.arraycopy(codes, n * cols, codes, 0, (rows - n) * cols);
        System.arraycopy(attrs, n * cols, attrs, 0, (rows - n) * cols);
        Arrays.fill(codes, (rows - n) * cols, rows * cols, (short) 0x20);
        Arrays.fill(attrs, (rows - n) * cols, rows * cols, attr(fg, bg));
        return this;
    }

    /** Places the cursor (drawn as an underline on scanlines 14-15 in the cell's foreground colour). */
    public TextModeScreen cursor(int row, int col) {
        checkCell(row, col);
        cursorRow = row;
        cursorCol = col;
        return this;
    }

    /** Shows or hides the cursor (toggle it to blink). */
    public TextModeScreen cursorVisible(boolean visible) {
        cursorVisible = visible;
        return this;
    }

    public int cursorRow() {
        return cursorRow;
    }

    public int cursorCol() {
        return cursorCol;
    }

    public boolean cursorVisible() {
        return cursorVisible;
    }

    /** The CP437 code at (row, col). */
    public int code(int row, int col) {
        checkCell(row, col);
        return codes[row * cols + col];
    }

    public VgaColor foreground(int row, int col) {
        checkCell(row, col);
        return VgaColor.of(attrs[row * cols + col]);
    }

    public VgaColor background(int row, int col) {
        checkCell(row, col);
        return VgaColor.of(attrs[row * cols + col] >> 4);
    }

    /** The text on the screen as a reader should see it: one line per row, trailing blanks cut. */
    public List<String> lines() {
        List<String> out = new ArrayList<>(rows);
        StringBuilder line = new StringBuilder(cols);
        for (int r = 0; r < rows; r++) {
            line.setLength(0);
            for (int c = 0; c < cols; c++) {
                line.append(Cp437.toUnicode(codes[r * cols + c]));
            }
            int end = line.length();
            while (end > 0 && line.charAt(end - 1) == ' ') {
                end--;
            }
            out.add(line.substring(0, end));
        }
        return out;
    }

    /** Pixel size of the rendered screen. */
    public int pixelWidth() {
        return cols * CELL_WIDTH;
    }

    public int pixelHeight() {
        return rows * CELL_HEIGHT;
    }

    /** Draws the screen as VGA text mode does, into a new TYPE_INT_RGB picture (720×400 for 80×25). */
    public BufferedImage render() {
        return new TextModeRenderer().update(this).image();
    }

    /** The rendered screen resized (bilinear) to {@code width × height}, as a KVM viewer shows it. */
    public BufferedImage render(int width, int height) {
        BufferedImage exact = render();
        if (width == exact.getWidth() && height == exact.getHeight()) {
            return exact;
        }
        return Images.resized(exact, width, height);
    }

    // package-private views for TextModeRenderer
    short codeAt(int index) {
        return codes[index];
    }

    byte attrAt(int index) {
        return attrs[index];
    }

    private static byte attr(VgaColor foreground, VgaColor background) {
        return (byte) (background.ordinal() << 4 | foreground.ordinal());
    }

    private static int code(char ch) {
        int code = Cp437.fromUnicode(ch);
        return code < 0 ? '?' : code;
    }

    private void checkCell(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException(
                "cell (" + row + ", " + col + ") is outside the " + cols + "x" + rows + " screen");
        }
    }

    @Override
    public String toString() {
        return "TextModeScreen " + cols + "x" + rows;
    }
}
