package io.vaxiin.vision;

/** Draws font glyphs into an int[] picture, the way VGA hardware does. */
final class GlyphPainter {

    /** Background value meaning "leave the pixels under the glyph as they are". */
    static final int TRANSPARENT = -1;

    private GlyphPainter() {
    }

    /**
     * Draws glyph {@code code} with its top-left corner at (x, y), clipped to the picture.
     *
     * @param cellWidth 8, or 9 for VGA text mode's ninth column: a copy of the eighth for the
     *                  line-drawing codes 0xC0-0xDF, background for every other code
     * @param bg        0xRRGGBB or {@link #TRANSPARENT}
     */
    static void draw(int[] px, int width, int height, int x, int y, VgaFont font, int code,
                     int fg, int bg, int cellWidth) {
        boolean lineGraphics = code >= 0xC0 && code <= 0xDF;
        int rows = font.height();
        for (int gy = 0; gy < rows; gy++) {
            int py = y + gy;
            if (py < 0 || py >= height) {
                continue;
            }
            int bits = font.row(code, gy);
            if (cellWidth == 9) {
                bits = bits << 1 | (lineGraphics ? bits & 1 : 0);
            }
            int base = py * width;
            for (int gx = 0; gx < cellWidth; gx++) {
                int px0 = x + gx;
                if (px0 < 0 || px0 >= width) {
                    continue;
                }
                boolean on = (bits >>> (cellWidth - 1 - gx) & 1) != 0;
                if (on) {
                    px[base + px0] = fg;
                } else if (bg != TRANSPARENT) {
                    px[base + px0] = bg;
                }
            }
        }
    }
}
