package io.vaxiin.vision;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Optional;

/** What changed between two pictures of a screen, row-band granular. */
public final class FrameDiff {

    private FrameDiff() {
    }

    /**
     * The full-width rectangle covering every band of {@code band} scanlines in which
     * {@code before} and {@code after} differ; all of {@code after} when their sizes differ
     * or {@code before} is null; empty when they are the same.
     */
    public static Optional<Rectangle> changedRows(BufferedImage before, BufferedImage after, int band) {
        int w = after.getWidth();
        int h = after.getHeight();
        if (before == null || before.getWidth() != w || before.getHeight() != h) {
            return Optional.of(new Rectangle(0, 0, w, h));
        }
        return changedRows(Pixels.rgb(before), Pixels.rgb(after), w, h, band);
    }

    static Optional<Rectangle> changedRows(int[] a, int[] b, int w, int h, int band) {
        int step = Math.max(1, band);
        int first = -1;
        int last = -1;
        for (int y = 0; y < h; y += step) {
            int from = y * w;
            int to = Math.min(h, y + step) * w;
            if (Arrays.mismatch(a, from, to, b, from, to) >= 0) {
                if (first < 0) {
                    first = y;
                }
                last = Math.min(h, y + step);
            }
        }
        return first < 0 ? Optional.empty() : Optional.of(new Rectangle(0, first, w, last - first));
    }
}
