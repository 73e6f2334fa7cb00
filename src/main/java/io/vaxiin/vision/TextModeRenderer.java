package io.vaxiin.vision;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * Keeps one picture of a {@link TextModeScreen} up to date and says which part changed, so a VNC
 * server can send only that. Row-granular: a changed cell repaints (and reports) its whole row.
 */
public final class TextModeRenderer {

    /** A rendered picture and the part of it that changed in this update. */
    public record Update(BufferedImage image, Optional<Rectangle> changed) {
    }

    private final VgaFont font;
    private BufferedImage image;
    private short[] codes;
    private byte[] attrs;
    private int cursorIndex = -1;
    private int cols;

    public TextModeRenderer() {
        this(VgaFont.vga());
    }

    public TextModeRenderer(VgaFont font) {
        if (font.height() != TextModeScreen.CELL_HEIGHT) {
            throw new IllegalArgumentException("text mode draws a 16-line font, not " + font.height());
        }
        this.font = font;
    }

    /**
     * Brings the picture up to date with {@code screen}. The returned image is this renderer's own
     * and changes on the next update: copy it if it must stay as it is.
     */
    public Update update(TextModeScreen screen) {
        int rows = screen.rows();
        boolean full = image == null || cols != screen.cols() || codes.length != screen.cols() * rows;
        if (full) {
            cols = screen.cols();
            image = new BufferedImage(screen.pixelWidth(), screen.pixelHeight(), BufferedImage.TYPE_INT_RGB);
            codes = new short[cols * rows];
            attrs = new byte[cols * rows];
        }
        int newCursor = screen.cursorVisible() ? screen.cursorRow() * cols + screen.cursorCol() : -1;
        int[] px = Pixels.buffer(image);
        int width = image.getWidth();
        int height = image.getHeight();
        int firstRow = -1;
        int lastRow = -1;
        for (int r = 0; r < rows; r++) {
            boolean changed = full || rowHolds(r, cursorIndex) != rowHolds(r, newCursor)
                || (rowHolds(r, newCursor) && newCursor != cursorIndex);
            for (int c = 0; c < cols && !changed; c++) {
                int i = r * cols + c;
                changed = codes[i] != screen.codeAt(i) || attrs[i] != screen.attrAt(i);
            }
            if (!changed) {
                continue;
            }
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                codes[i] = screen.codeAt(i);
                attrs[i] = screen.attrAt(i);
                int fg = VgaColor.of(attrs[i]).rgb();
                int bg = VgaColor.of(attrs[i] >> 4).rgb();
                int x = c * TextModeScreen.CELL_WIDTH;
                int y = r * TextModeScreen.CELL_HEIGHT;
                GlyphPainter.draw(px, width, height, x, y, font, codes[i], fg, bg, TextModeScreen.CELL_WIDTH);
                if (i == newCursor) {
                    for (int cy = TextModeScreen.CURSOR_FIRST; cy <= TextModeScreen.CURSOR_LAST; cy++) {
                        int base = (y + cy) * width + x;
                        for (int cx = 0; cx < TextModeScreen.CELL_WIDTH; cx++) {
                            px[base + cx] = fg;
                        }
                    }
                }
            }
            if (firstRow < 0) {
                firstRow = r;
            }
            lastRow = r;
        }
        cursorIndex = newCursor;
        Optional<Rectangle> changed = firstRow < 0 ? Optional.empty() : Optional.of(new Rectangle(
            0, firstRow * TextModeScreen.CELL_HEIGHT, width, (lastRow - firstRow + 1) * TextModeScreen.CELL_HEIGHT));
        return new Update(image, changed);
    }

    /** The current picture (this renderer's own; see {@link #update}). */
    public BufferedImage image() {
        return image;
    }

    private boolean rowHolds(int row, int cellIndex) {
        return cellIndex >= 0 && cellIndex / cols == row;
    }
}
