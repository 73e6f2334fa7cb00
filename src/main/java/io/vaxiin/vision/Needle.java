package io.vaxiin.vision;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A needle {@link ImageMatcher} searches for, ready: grey pixels, which of them count, their
 * statistics, its OpenCV templates (made on first use), and its exact score at a place.
 */
final class Needle {
    final int width, height;
    final byte[] pixels;
    /** Which pixels count; null when all do. */
    final boolean[] keep;
    final int kept;
    final double mean, sd;
    final boolean uniform;
    private final int[] tileX, tileY;
    private Mat template, halfTemplate;

    Needle(BufferedImage image, List<Rectangle> exclude) {
        width = image.getWidth();
        height = image.getHeight();
        pixels = Images.grey(image);
        boolean[] k = Images.opaque(image);
        Rectangle whole = new Rectangle(0, 0, width, height);
        for (Rectangle r : exclude) {
            Rectangle in = whole.intersection(r);
            if (in.isEmpty()) {
                throw new IllegalArgumentException("exclude area " + ImageMatcher.Options.text(r) + " is outside the needle ("
                        + width + "×" + height + " pixels)");
            }
            if (k == null) {
                k = new boolean[width * height];
                java.util.Arrays.fill(k, true);
            }
            for (int y = in.y; y < in.y + in.height; y++) {
                for (int x = in.x; x < in.x + in.width; x++) k[y * width + x] = false;
            }
        }
        keep = k;
        int count = 0;
        double sum = 0, sum2 = 0;
        for (int i = 0; i < pixels.length; i++) {
            if (keep != null && !keep[i]) continue;
            int v = pixels[i] & 0xff;
            count++;
            sum += v;
            sum2 += (double) v * v;
        }
        if (count == 0) throw new IllegalArgumentException("no pixel of the needle is left to compare (all excluded or transparent)");
        kept = count;
        mean = sum / count;
        sd = Math.sqrt(Math.max(0, sum2 / count - mean * mean));
        uniform = sd < ImageMatcher.UNIFORM_SD;
        tileX = tiles(width);
        tileY = tiles(height);
    }

    /** Tile edges: every ImageMatcher.TILE pixels, the remainder joined to the last tile. */
    private static int[] tiles(int length) {
        int n = Math.max(1, length / ImageMatcher.TILE);
        int[] edges = new int[n + 1];
        for (int i = 0; i < n; i++) edges[i] = i * ImageMatcher.TILE;
        edges[n] = length;
        return edges;
    }

    /**
     * For OpenCV: the needle with the pixels that do not count set to the mean of those that
     * do, so they add nothing to the correlation's numerator (the exact score then decides).
     */
    Mat template() {
        if (template == null) {
            OpenCv.load();
            byte[] filled = pixels;
            if (keep != null || uniform) {
                filled = pixels.clone();
                byte m = (byte) Math.round(mean);
                for (int i = 0; i < filled.length; i++) if (uniform || !keep[i]) filled[i] = m;
            }
            template = new Mat(height, width, CvType.CV_8UC1);
            template.put(0, 0, filled);
        }
        return template;
    }

    /**
     * Whether a half-resolution pass can rank this needle: not when it is uniform (nothing to
     * correlate) or so small that half of it is hardly one tile.
     */
    boolean coarse() {
        return !uniform && width >= ImageMatcher.COARSE_MIN_SIDE && height >= ImageMatcher.COARSE_MIN_SIDE;
    }

    /**
     * {@link #template()} at half resolution. A needle at an odd pixel of the screen lies half
     * a coarse pixel off the screen's coarse grid: the template is first averaged with itself
     * shifted by a pixel (2×2), so that it looks alike at either phase.
     */
    Mat halfTemplate() {
        if (halfTemplate == null) {
            Mat both = new Mat();
            try {
                Imgproc.blur(template(), both, new Size(2, 2), new Point(0, 0), Core.BORDER_REPLICATE);
                halfTemplate = new Mat();
                Imgproc.pyrDown(both, halfTemplate);
            } finally {
                both.release();
            }
        }
        return halfTemplate;
    }

    /** The highest exact score a position with this OpenCV value can have (needle without mask). */
    double upperBound(double value) {
        if (!uniform) return value;
        return 1 - Math.sqrt(Math.max(0, -value) / kept) / 255; // the worst tile is no better than the mean
    }

    /** The exact score of the needle at (x0, y0) on a grey screen of width sw. */
    double score(byte[] s, int sw, int x0, int y0) {
        return Math.max(0, Math.min(1, uniform ? uniformScore(s, sw, x0, y0) : correlationScore(s, sw, x0, y0)));
    }

    private double correlationScore(byte[] s, int sw, int x0, int y0) {
        double sum = 0, sum2 = 0;
        for (int y = 0; y < height; y++) {
            int so = (y0 + y) * sw + x0, no = y * width;
            for (int x = 0; x < width; x++) {
                if (keep != null && !keep[no + x]) continue;
                int v = s[so + x] & 0xff;
                sum += v;
                sum2 += (double) v * v;
            }
        }
        double ms = sum / kept, ss = Math.sqrt(Math.max(0, sum2 / kept - ms * ms));
        if (ss < 1e-6) return 0; // a flat patch of screen is not like a needle with contrast
        double total = 0, worst = 1;
        for (int ty = 0; ty < tileY.length - 1; ty++) {
            for (int tx = 0; tx < tileX.length - 1; tx++) {
                double acc = 0;
                int count = 0;
                for (int y = tileY[ty]; y < tileY[ty + 1]; y++) {
                    int so = (y0 + y) * sw + x0, no = y * width;
                    for (int x = tileX[tx]; x < tileX[tx + 1]; x++) {
                        if (keep != null && !keep[no + x]) continue;
                        double d = ((pixels[no + x] & 0xff) - mean) / sd - ((s[so + x] & 0xff) - ms) / ss;
                        acc += d * d;
                        count++;
                    }
                }
                total += acc;
                if (count >= ImageMatcher.MIN_TILE_PIXELS) worst = Math.min(worst, 1 - acc / (2 * count));
            }
        }
        double brightness = 1 - Math.abs(ms - mean) / 255, contrast = Math.min(ss, sd) / Math.max(ss, sd);
        return Math.min(Math.min(1 - total / (2 * kept), worst), Math.min(brightness, contrast));
    }

    private double uniformScore(byte[] s, int sw, int x0, int y0) {
        double total = 0, worst = 0;
        for (int ty = 0; ty < tileY.length - 1; ty++) {
            for (int tx = 0; tx < tileX.length - 1; tx++) {
                double acc = 0;
                int count = 0;
                for (int y = tileY[ty]; y < tileY[ty + 1]; y++) {
                    int so = (y0 + y) * sw + x0, no = y * width;
                    for (int x = tileX[tx]; x < tileX[tx + 1]; x++) {
                        if (keep != null && !keep[no + x]) continue;
                        double d = (s[so + x] & 0xff) - mean;
                        acc += d * d;
                        count++;
                    }
                }
                total += acc;
                if (count >= ImageMatcher.MIN_TILE_PIXELS) worst = Math.max(worst, acc / count);
            }
        }
        return 1 - Math.sqrt(Math.max(total / kept, worst)) / 255;
    }

    void release() {
        if (template != null) template.release();
        if (halfTemplate != null) halfTemplate.release();
    }
}
