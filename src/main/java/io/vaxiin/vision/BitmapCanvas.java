package io.vaxiin.vision;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Optional;

/**
 * A graphical-mode screen (say 1024×768) for drawing firmware-setup-like and stop-error-like
 * pictures: filled rectangles, CP437 boxes and text in the VGA 8×16 font on 8-pixel-wide cells,
 * as a framebuffer console or a firmware's graphics console draws them.
 *
 * <p>Not thread-safe. {@link #snapshot()} gives a copy to hand out; {@link #changedSince} tells
 * which band of scanlines differs from an earlier snapshot.
 */
public final class BitmapCanvas {

    /** Text cell width and height on the canvas. */
    public static final int CELL_WIDTH = 8;
    public static final int CELL_HEIGHT = 16;

    private final BufferedImage image;
    private final int[] px;
    private final int width;
    private final int height;
    private final VgaFont font;

    /** A black canvas of {@code width × height} pixels. */
    public BitmapCanvas(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a canvas of " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.px = Pixels.buffer(image);
        this.font = VgaFont.vga();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Fills the whole canvas with one colour (0xRRGGBB). */
    public BitmapCanvas clear(int rgb) {
        Arrays.fill(px, rgb & 0xFFFFFF);
        return this;
    }

    /** Fills a rectangle (clipped to the canvas). */
    public BitmapCanvas fill(int x, int y, int w, int h, int rgb) {
        int x0 = Math.max(0, x);
        int x1 = Math.min(width, x + w);
        for (int yy = Math.max(0, y); yy < Math.min(height, y + h); yy++) {
            if (x1 > x0) {
                Arrays.fill(px, yy * width + x0, yy * width + x1, rgb & 0xFFFFFF);
            }
        }
        return this;
    }

    /**
     * Draws {@code text} with its first cell's top-left corner at pixel (x, y), one 8×16 cell per
     * character, in colour {@code fg} on {@code bg}; {@code bg < 0} leaves the background as it is.
     */
    public BitmapCanvas text(int x, int y, String text, int fg, int bg) {
        for (int i = 0; i < text.length(); i++) {
            int code = Cp437.fromUnicode(text.charAt(i));
            GlyphPainter.draw(px, width, height, x + i * CELL_WIDTH, y, font, code < 0 ? '?' : code,
                fg & 0xFFFFFF, bg < 0 ? GlyphPainter.TRANSPARENT : bg & 0xFFFFFF, CELL_WIDTH);
        }
        return this;
    }

    /** Draws {@code text} at text cell (row, col) of the grid whose first cell is at pixel (originX, originY). */
    public BitmapCanvas textAt(int originX, int originY, int row, int col, String text, int fg, int bg) {
        return text(originX + col * CELL_WIDTH, originY + row * CELL_HEIGHT, text, fg, bg);
    }

    /** Draws a single-line CP437 box (┌─┐│└┘) of {@code cols × rows} cells, cell (row, col) its top left. */
    public BitmapCanvas box(int originX, int originY, int row, int col, int cols, int rows, int fg, int bg) {
        String inner = "─".repeat(Math.max(0, cols - 2));
        textAt(originX, originY, row, col, "┌" + inner + "┐", fg, bg);
        for (int r = row + 1; r < row + rows - 1; r++) {
            textAt(originX, originY, r, col, "│" + " ".repeat(Math.max(0, cols - 2)) + "│", fg, bg);
        }
        textAt(originX, originY, row + rows - 1, col, "└" + inner + "┘", fg, bg);
        return this;
    }

    /** A copy of the canvas as it is now. */
    public BufferedImage snapshot() {
        BufferedImage copy = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        System.arraycopy(px, 0, Pixels.buffer(copy), 0, px.length);
        return copy;
    }

    /**
     * The band of whole scanlines, in steps of {@code band} lines, that differs from
     * {@code earlier}; the whole canvas when sizes differ, empty when nothing changed.
     */
    public Optional<Rectangle> changedSince(BufferedImage earlier, int band) {
        return FrameDiff.changedRows(earlier, image, band);
    }
}
