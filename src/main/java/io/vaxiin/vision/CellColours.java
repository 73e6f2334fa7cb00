package io.vaxiin.vision;

/**
 * When two colours on a frame are one: the tolerance every part of the grid reader shares, so
 * that a lossy frame's shifted colours still count as the colour they were drawn in.
 */
final class CellColours {

    /** Two colours closer than this (sum of channel differences) are one colour. */
    static final int SAME_COLOUR = 60;
    /** Brightness difference of two colours that {@link #same} may still take for one. */
    static final int SAME_LUMA = 8;

    /**
     * Whether two colours are one: near in colour, or of one brightness and not far in colour
     * (a lossy frame keeps brightness but shifts colour by a few dozen steps where colours meet:
     * JPEG's chroma subsampling).
     */
    static boolean same(int a, int b) {
        int d = distance(a, b);
        return d <= SAME_COLOUR || d <= 2 * SAME_COLOUR && Math.abs(ScreenLines.luma(a) - ScreenLines.luma(b)) <= SAME_LUMA;
    }

    static int distance(int a, int b) {
        return Math.abs((a >>> 16 & 0xFF) - (b >>> 16 & 0xFF)) + Math.abs((a >>> 8 & 0xFF) - (b >>> 8 & 0xFF))
            + Math.abs((a & 0xFF) - (b & 0xFF));
    }

    private CellColours() {
    }
}
