package io.vaxiin.vision;

import java.awt.Point;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * Finds a small image (a needle: a logo, a frown, a dialog corner) on a screen, pixel for pixel
 * with a small per-channel tolerance. Screens from one console repeat pixels exactly, so an
 * exact search rejecting a position at its first differing pixel is fast and never gives a
 * near-miss. Scaled or JPEG-degraded frames need a similarity measure (OpenCV), see issue 4.
 */
public final class TemplateMatcher {

    /** Largest difference per colour channel that still counts as the same pixel. */
    private static final int TOLERANCE = 8;

    private TemplateMatcher() {}

    /** The top-left corner of the first place the needle is found, scanning rows top to bottom. */
    public static Optional<Point> find(BufferedImage screen, BufferedImage needle) {
        int sw = screen.getWidth(), sh = screen.getHeight(), nw = needle.getWidth(), nh = needle.getHeight();
        if (nw > sw || nh > sh || nw == 0 || nh == 0) return Optional.empty();
        int[] s = screen.getRGB(0, 0, sw, sh, null, 0, sw);
        int[] n = needle.getRGB(0, 0, nw, nh, null, 0, nw);
        for (int y = 0; y <= sh - nh; y++) {
            for (int x = 0; x <= sw - nw; x++) {
                if (at(s, sw, x, y, n, nw, nh)) return Optional.of(new Point(x, y));
            }
        }
        return Optional.empty();
    }

    private static boolean at(int[] s, int sw, int x, int y, int[] n, int nw, int nh) {
        for (int j = 0; j < nh; j++) {
            int so = (y + j) * sw + x, no = j * nw;
            for (int i = 0; i < nw; i++) {
                if (!same(s[so + i], n[no + i])) return false;
            }
        }
        return true;
    }

    private static boolean same(int a, int b) {
        if (a == b) return true;
        return Math.abs(((a >> 16) & 0xff) - ((b >> 16) & 0xff)) <= TOLERANCE
                && Math.abs(((a >> 8) & 0xff) - ((b >> 8) & 0xff)) <= TOLERANCE
                && Math.abs((a & 0xff) - (b & 0xff)) <= TOLERANCE;
    }
}
