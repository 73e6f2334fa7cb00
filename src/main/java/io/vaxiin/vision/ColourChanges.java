package io.vaxiin.vision;

/**
 * Whether a rectangle of a frame is all one colour, in constant time: sums of the colour changes
 * between neighbouring pixels, across and down, from the frame's corner. A grid search asks this
 * of every cell of hundreds of candidate grids, and most cells of a console are blank.
 */
final class ColourChanges {

    private final int stride;
    /** Changes to the right neighbour in the pixels above and left of each point. */
    private final int[] across;
    /** Changes to the neighbour below, likewise. */
    private final int[] down;

    ColourChanges(int[] px, int width, int height) {
        stride = width + 1;
        across = new int[stride * (height + 1)];
        down = new int[stride * (height + 1)];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int a = 0;
            int d = 0;
            for (int x = 0; x < width; x++) {
                int p = px[row + x];
                a += x + 1 < width && p != px[row + x + 1] ? 1 : 0;
                d += y + 1 < height && p != px[row + width + x] ? 1 : 0;
                across[(y + 1) * stride + x + 1] = across[y * stride + x + 1] + a;
                down[(y + 1) * stride + x + 1] = down[y * stride + x + 1] + d;
            }
        }
    }

    /** Whether the {@code w} by {@code h} pixels from ({@code x}, {@code y}) are one colour. */
    boolean oneColour(int x, int y, int w, int h) {
        return sum(across, x, y, w - 1, h) == 0 && sum(down, x, y, w, h - 1) == 0;
    }

    private int sum(int[] s, int x, int y, int w, int h) {
        if (w <= 0 || h <= 0) {
            return 0;
        }
        return s[(y + h) * stride + x + w] - s[y * stride + x + w] - s[(y + h) * stride + x] + s[y * stride + x];
    }
}
