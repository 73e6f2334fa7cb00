package io.vaxiin.vision;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a small image (a needle: a logo, a frown, a dialog's corner) on a screen with OpenCV.
 *
 * <p><b>How</b>: both images are turned grey ({@link Images#grey}, any colour model); OpenCV's
 * normalised cross-correlation ({@code TM_CCOEFF_NORMED}) ranks every position of the search
 * area at half resolution, each of the best few is ranked again at full resolution in a window of
 * a few pixels, and the best of each window is scored exactly, in Java, by the measure below. If
 * none reaches the threshold, every position whose brightness and contrast still allow it is
 * ranked at full resolution as well, so nothing a full-resolution search finds is missed. Needles
 * under 16 pixels wide or high, and uniform ones, are ranked at full resolution only. When
 * nothing is found, {@link #best} is the best of the places scored.
 *
 * <p><b>The score</b> (0 nothing alike, 1 the same pixels) is the correlation of the needle with
 * the screen, taken over every 8×8 tile of the needle on its own and reported for the least
 * similar tile (each tile measured against the whole needle's mean and contrast, so the average
 * over the tiles is exactly the usual correlation coefficient). Correlation over the whole needle
 * hardly moves when one glyph of a 200×40 needle differs (0.99), so a near-miss would pass any
 * usable threshold; the worst tile falls to 0.2–0.8 for the same change. Correlation alone does
 * not see brightness or contrast, so a light band over a dark one would match any such edge: the
 * score is also at most 1 − (difference of the mean grey levels) / 255 and the ratio of the two
 * contrasts (standard deviations), smaller over larger. The same pixels score 1; a
 * JPEG-compressed (quality 60) screen about 0.96; a screen scaled by a viewer, against a needle
 * scaled by another program, 0.65–0.85.
 *
 * <p><b>Edge cases, defined</b>: a needle larger than the search area is not found (empty, not an
 * error). A uniform needle (contrast under one grey level, e.g. any 1×1 needle) has no
 * correlation: it matches where the screen has its colour, scored 1 − (root-mean-square grey
 * difference of the worst tile) / 255. Transparent needle pixels (alpha under one half) and the
 * exclude areas of {@link Options} do not count; where the screen has no contrast under a needle
 * that has some, the score is 0.
 *
 * <p>OpenCV's native library (65 MB, ~350 ms to unpack and load) is loaded on the first search,
 * never before: a script that matches no image never pays for it. Needles read from files are
 * cached by path, modification time and size; the grey copy of the last screen is kept, so
 * several needles tested against one frame convert it once. One instance per run; thread-safe.
 */
public final class ImageMatcher implements AutoCloseable {

    /** The score a match must reach unless the caller says otherwise: 0.95. */
    public static final double DEFAULT_THRESHOLD = 0.95;

    /** Side of the square tiles the score is measured on, in pixels. */
    static final int TILE = 8;
    /** Tiles with fewer counted pixels (mostly excluded) are left to the whole-needle score. */
    static final int MIN_TILE_PIXELS = 16;
    /** How many of OpenCV's best positions are scored exactly. */
    private static final int CANDIDATES = 8;
    /** How many places of the half-resolution pass are looked at again at full resolution. */
    private static final int COARSE_CANDIDATES = 16;
    /** Needles narrower or lower than this (pixels) are ranked at full resolution only. */
    static final int COARSE_MIN_SIDE = 16;
    /** How far around twice a coarse candidate the full-resolution window reaches, pixels. */
    private static final int WINDOW = 2;
    /** A needle with less contrast than this (grey levels, standard deviation) is uniform. */
    static final double UNIFORM_SD = 1.0;
    private static final int NEEDLE_CACHE = 64;
    private static final double SUPPRESSED = -Float.MAX_VALUE;

    /**
     * Where a needle was found.
     *
     * @param x      left edge on the screen, pixels
     * @param y      top edge on the screen, pixels
     * @param width  the needle's width, pixels
     * @param height the needle's height, pixels
     * @param score  similarity, 0 to 1 (see the class comment)
     */
    public record Match(int x, int y, int width, int height, double score) {
        public Rectangle bounds() { return new Rectangle(x, y, width, height); }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "(%d, %d) %d×%d, score %.3f", x, y, width, height, score);
        }
    }

    /**
     * What to search for.
     *
     * @param threshold the least score that counts as found, in (0, 1]; default {@value #DEFAULT_THRESHOLD}
     * @param region    where on the screen to search, pixels (clipped to the screen), or null for
     *                  the whole screen
     * @param exclude   areas of the needle that do not count (a clock, a counter), pixels from the
     *                  needle's top-left corner
     */
    public record Options(double threshold, Rectangle region, List<Rectangle> exclude) {
        public Options {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold " + threshold + " is outside (0, 1]: 1 is the same pixels, "
                        + DEFAULT_THRESHOLD + " the default");
            }
            if (region != null) {
                region = new Rectangle(region);
                if (region.width <= 0 || region.height <= 0 || region.x < 0 || region.y < 0) {
                    throw new IllegalArgumentException("region " + text(region) + " needs x, y ≥ 0 and a width and height ≥ 1 (pixels)");
                }
            }
            List<Rectangle> copy = new ArrayList<>();
            for (Rectangle r : exclude == null ? List.<Rectangle>of() : exclude) {
                if (r.width <= 0 || r.height <= 0 || r.x < 0 || r.y < 0) {
                    throw new IllegalArgumentException("exclude area " + text(r) + " needs x, y ≥ 0 and a width and height ≥ 1 (pixels)");
                }
                copy.add(new Rectangle(r));
            }
            exclude = List.copyOf(copy);
        }

        /** The whole screen, no exclusions, threshold {@value #DEFAULT_THRESHOLD}. */
        public static Options defaults() { return new Options(DEFAULT_THRESHOLD, null, List.of()); }

        public Options withThreshold(double t) { return new Options(t, region, exclude); }

        public Options withRegion(Rectangle r) { return new Options(threshold, r, exclude); }

        public Options withExclude(List<Rectangle> areas) { return new Options(threshold, region, areas); }

        @Override public Rectangle region() { return region == null ? null : new Rectangle(region); }

        static String text(Rectangle r) { return "[" + r.x + ", " + r.y + ", " + r.width + ", " + r.height + "]"; }
    }

    private record NeedleKey(Path file, FileTime modified, long size, List<Rectangle> exclude) {}

    private final Map<NeedleKey, Needle> needles = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NeedleKey, Needle> eldest) {
            if (size() <= NEEDLE_CACHE) return false;
            eldest.getValue().release();
            return true;
        }
    };
    private BufferedImage lastScreen;
    private Grey lastGrey;
    /** OpenCV's result, reused: a fresh 2.4 MB matrix per search costs more than the search's arithmetic. */
    private Mat result;
    /** The coarse pass's working matrices, reused alike: the area at half resolution, a window's values, local maxima. */
    private Mat half, local, peaks, notPeak;
    /** Positions ruled out before a full-resolution search (1), and the window sums they come from. */
    private Mat ruledOut;
    private long[] sums, squares;
    private byte[] plausibleMask;
    /** False only in specs that compare with the full-resolution search. */
    private final boolean coarse;

    /** Creates a matcher; OpenCV is not loaded until the first search. */
    public ImageMatcher() {
        this(true);
    }

    /** With {@code coarse} false, every needle is ranked at full resolution, as before the coarse pass. */
    ImageMatcher(boolean coarse) {
        this.coarse = coarse;
    }

    /** The best place of {@code needle} on {@code screen} if its score reaches the threshold. */
    public Optional<Match> find(BufferedImage screen, BufferedImage needle, Options options) {
        return best(screen, needle, options).filter(m -> m.score() >= options.threshold());
    }

    /** As {@link #find(BufferedImage, BufferedImage, Options)}, with the needle read from a file (cached). */
    public Optional<Match> find(BufferedImage screen, Path needleFile, Options options) {
        return best(screen, needleFile, options).filter(m -> m.score() >= options.threshold());
    }

    /**
     * The best place of {@code needle} on {@code screen} whatever its score (for "best was 0.91 at …"
     * messages); empty only when the needle does not fit in the search area.
     */
    public synchronized Optional<Match> best(BufferedImage screen, BufferedImage needle, Options options) {
        Needle n = new Needle(needle, options.exclude());
        try {
            return search(grey(screen), n, options);
        } finally {
            n.release();
        }
    }

    /** As {@link #best(BufferedImage, BufferedImage, Options)}, with the needle read from a file (cached). */
    public synchronized Optional<Match> best(BufferedImage screen, Path needleFile, Options options) {
        return search(grey(screen), needle(needleFile, options.exclude()), options);
    }

    private Needle needle(Path file, List<Rectangle> exclude) {
        Path abs = file.toAbsolutePath().normalize();
        NeedleKey key;
        try {
            key = new NeedleKey(abs, Files.getLastModifiedTime(abs), Files.size(abs), exclude);
        } catch (IOException e) {
            throw new UnreadableImageException(Files.exists(abs) ? file + " cannot be read: " + e.getMessage() : file + ": no such file", e);
        }
        Needle n = needles.get(key);
        if (n == null) {
            n = new Needle(Images.read(file), exclude);
            needles.put(key, n);
        }
        return n;
    }

    private Grey grey(BufferedImage screen) {
        Objects.requireNonNull(screen, "screen");
        if (screen != lastScreen) {
            // The matrix of the previous frame is refilled, not replaced: consecutive frames have
            // one size, and fresh native memory costs more per search than the conversion itself.
            Mat reuse = lastGrey == null ? null : lastGrey.mat;
            lastGrey = new Grey(screen.getWidth(), screen.getHeight(), Images.grey(screen), reuse);
            lastScreen = screen;
        }
        return lastGrey;
    }

    private Optional<Match> search(Grey s, Needle n, Options o) {
        Rectangle area = new Rectangle(0, 0, s.width, s.height);
        if (o.region() != null) area = area.intersection(o.region());
        if (area.isEmpty() || area.width < n.width || area.height < n.height) return Optional.empty();
        Mat sub = s.mat().submat(area.y, area.y + area.height, area.x, area.x + area.width);
        if (result == null) result = new Mat();
        try {
            if (!coarse || !n.coarse()) return Optional.ofNullable(searchFull(s, sub, area, n, null));
            Match best = searchCoarse(s, sub, area, n);
            if (best.score() >= o.threshold()) return Optional.of(best);
            // The half-resolution pass can miss a place the full one finds (a colour band whose edge
            // is everywhere at half resolution, small text at an odd pixel): before saying "not
            // found", the full-resolution search runs over every position not ruled out exactly.
            Rectangle left = n.keep == null ? plausible(s, area, n, o.threshold()) : new Rectangle(0, 0, area.width - n.width + 1,
                    area.height - n.height + 1);
            if (left.isEmpty()) return Optional.of(best);
            Rectangle part = new Rectangle(area.x + left.x, area.y + left.y, left.width + n.width - 1, left.height + n.height - 1);
            Mat partMat = sub.submat(left.y, left.y + part.height, left.x, left.x + part.width);
            try {
                Match full = searchFull(s, partMat, part, n, n.keep == null ? ruledOut : null);
                return Optional.of(full != null && full.score() > best.score() ? full : best);
            } finally {
                partMat.release();
            }
        } finally {
            sub.release();
        }
    }

    /**
     * OpenCV ranks every position at full resolution; its best few are scored exactly. With
     * {@code exclude} (0 or 1 per position of {@code area}), positions marked 1 are not candidates.
     */
    private Match searchFull(Grey s, Mat sub, Rectangle area, Needle n, Mat exclude) {
        Imgproc.matchTemplate(sub, n.template(), result, n.uniform ? Imgproc.TM_SQDIFF : Imgproc.TM_CCOEFF_NORMED);
        if (n.uniform) Core.multiply(result, new Scalar(-1), result); // best is highest, as for correlation
        Core.patchNaNs(result, SUPPRESSED);
        if (exclude != null) result.setTo(new Scalar(SUPPRESSED), exclude);
        Match best = null;
        for (int k = 0; k < CANDIDATES; k++) {
            Core.MinMaxLocResult mm = Core.minMaxLoc(result);
            if (mm.maxVal <= SUPPRESSED / 2) break;
            // Unmasked, OpenCV's value bounds the exact score from above: a candidate whose
            // value is below the best exact score cannot win.
            if (best != null && n.keep == null && n.upperBound(mm.maxVal) <= best.score()) break;
            int x = (int) mm.maxLoc.x, y = (int) mm.maxLoc.y;
            double score = n.score(s.pixels, s.width, area.x + x, area.y + y);
            if (best == null || score > best.score()) best = new Match(area.x + x, area.y + y, n.width, n.height, score);
            if (score >= 1) break;
            suppress(result, x, y, n.width / 2.0, n.height / 2.0);
        }
        return best;
    }

    /**
     * OpenCV ranks every position at half resolution (a quarter of the pixels, a fifth of the
     * time); around each of its best few places it ranks again at full resolution, in a window of
     * a few pixels, and the best position there is scored exactly. Only where to look comes from
     * the small images: every score is the exact one, on the full-resolution pixels.
     */
    private Match searchCoarse(Grey s, Mat sub, Rectangle area, Needle n) {
        if (half == null) {
            half = new Mat();
            local = new Mat();
            peaks = new Mat();
            notPeak = new Mat();
        }
        Imgproc.pyrDown(sub, half);
        Imgproc.matchTemplate(half, n.halfTemplate(), result, Imgproc.TM_CCOEFF_NORMED);
        Core.patchNaNs(result, SUPPRESSED);
        // Candidates are local maxima: a broad hill of the coarse values is one place, and the
        // side of a hill may be another place (a needle a few pixels beside a likeness of itself).
        Imgproc.dilate(result, peaks, Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(3, 3)));
        Core.compare(result, peaks, notPeak, Core.CMP_LT);
        result.setTo(new Scalar(SUPPRESSED), notPeak);
        int maxX = area.width - n.width, maxY = area.height - n.height;
        Match best = null;
        for (int k = 0; k < COARSE_CANDIDATES; k++) {
            Core.MinMaxLocResult mm = Core.minMaxLoc(result);
            if (mm.maxVal <= SUPPRESSED / 2 && best != null) break;
            int cx = (int) mm.maxLoc.x, cy = (int) mm.maxLoc.y;
            // Twice the coarse place is within a pixel of the true one (a needle at an odd pixel
            // lies between two coarse ones), and pyrDown rounds odd sizes up: two pixels either side.
            int x0 = clamp(2 * cx - WINDOW, maxX), x1 = clamp(2 * cx + WINDOW, maxX);
            int y0 = clamp(2 * cy - WINDOW, maxY), y1 = clamp(2 * cy + WINDOW, maxY);
            Mat window = sub.submat(y0, y1 + n.height, x0, x1 + n.width);
            try {
                Imgproc.matchTemplate(window, n.template(), local, Imgproc.TM_CCOEFF_NORMED);
            } finally {
                window.release();
            }
            Core.patchNaNs(local, SUPPRESSED);
            Point at = Core.minMaxLoc(local).maxLoc;
            int x = x0 + (int) at.x, y = y0 + (int) at.y;
            double score = n.score(s.pixels, s.width, area.x + x, area.y + y);
            if (best == null || score > best.score()) best = new Match(area.x + x, area.y + y, n.width, n.height, score);
            if (score >= 1) break;
            suppress(result, cx, cy, 1, 1); // what the window covered
        }
        return best;
    }

    /**
     * Rules out, exactly, the positions of {@code area} whose score cannot reach {@code threshold}:
     * the score is at most 1 − |difference of means| / 255 and the ratio of the standard
     * deviations, and both are known from sums over the window (the same sums, in the same
     * arithmetic, as {@link Needle#score}). Fills {@link #ruledOut} (1 = ruled out) for the
     * positions in the returned rectangle (positions, relative to the area), empty if none is left.
     * Needle without excluded pixels only (the sums are over the whole window).
     */
    private Rectangle plausible(Grey s, Rectangle area, Needle n, double threshold) {
        int w = area.width, h = area.height, pw = w - n.width + 1, ph = h - n.height + 1, stride = w + 1;
        if (sums == null || sums.length < stride * (h + 1)) {
            sums = new long[stride * (h + 1)];
            squares = new long[stride * (h + 1)];
        }
        for (int y = 0; y < h; y++) {
            long rowSum = 0, rowSquares = 0;
            int from = (area.y + y) * s.width + area.x, above = y * stride, at = above + stride;
            for (int x = 0; x < w; x++) {
                int v = s.pixels[from + x] & 0xff;
                rowSum += v;
                rowSquares += v * v;
                sums[at + x + 1] = sums[above + x + 1] + rowSum;
                squares[at + x + 1] = squares[above + x + 1] + rowSquares;
            }
        }
        // Score terms under the threshold by more than rounding, and the flat windows scored 0.
        double slack = 1e-9, maxMeanDiff = (1 - threshold + slack) * 255;
        double minSd = n.sd * (threshold - slack), maxSd = n.sd / (threshold - slack);
        double count = n.kept;
        if (plausibleMask == null || plausibleMask.length < pw * ph) plausibleMask = new byte[pw * ph];
        int left = pw, top = ph, right = -1, bottom = -1;
        for (int y = 0; y < ph; y++) {
            int a = y * stride, b = (y + n.height) * stride;
            for (int x = 0; x < pw; x++) {
                long sum = sums[b + x + n.width] - sums[b + x] - sums[a + x + n.width] + sums[a + x];
                long sq = squares[b + x + n.width] - squares[b + x] - squares[a + x + n.width] + squares[a + x];
                double ms = sum / count, variance = Math.max(0, sq / count - ms * ms);
                boolean possible = Math.abs(ms - n.mean) <= maxMeanDiff && variance >= minSd * minSd && variance <= maxSd * maxSd
                        && variance >= 1e-12;
                plausibleMask[y * pw + x] = possible ? 0 : (byte) 1;
                if (possible) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        if (right < 0) return new Rectangle();
        Rectangle box = new Rectangle(left, top, right - left + 1, bottom - top + 1);
        if (ruledOut == null) ruledOut = new Mat();
        ruledOut.create(box.height, box.width, CvType.CV_8UC1);
        byte[] row = new byte[box.width];
        for (int y = 0; y < box.height; y++) {
            System.arraycopy(plausibleMask, (box.y + y) * pw + box.x, row, 0, box.width);
            ruledOut.put(y, 0, row);
        }
        return box;
    }

    private static int clamp(int v, int max) { return Math.max(0, Math.min(max, v)); }

    /** Takes a candidate and its neighbours ({@code rx}, {@code ry} either side) out of the running. */
    private static void suppress(Mat values, int x, int y, double rx, double ry) {
        Imgproc.rectangle(values, new Point(x - rx, y - ry), new Point(x + rx, y + ry), new Scalar(SUPPRESSED), -1);
    }

    /** Frees the native memory of the cached needles and screen (GC would, later). */
    @Override
    public synchronized void close() {
        needles.values().forEach(Needle::release);
        needles.clear();
        if (lastGrey != null) lastGrey.release();
        for (Mat m : new Mat[] {result, half, local, peaks, notPeak, ruledOut}) if (m != null) m.release();
        lastGrey = null;
        lastScreen = null;
        result = null;
        half = local = peaks = notPeak = ruledOut = null;
        sums = squares = null;
        plausibleMask = null;
    }

    /** A screen in grey, with its OpenCV copy made on first use (in a matrix of an earlier frame if one is given). */
    private static final class Grey {
        final int width, height;
        final byte[] pixels;
        private Mat mat;
        private boolean filled;

        Grey(int width, int height, byte[] pixels, Mat reuse) {
            this.width = width;
            this.height = height;
            this.pixels = pixels;
            if (reuse != null && reuse.rows() == height && reuse.cols() == width) {
                mat = reuse;
            } else if (reuse != null) {
                reuse.release();
            }
        }

        Mat mat() {
            if (!filled) {
                OpenCv.load();
                if (mat == null) mat = new Mat(height, width, CvType.CV_8UC1);
                mat.put(0, 0, pixels);
                filled = true;
            }
            return mat;
        }

        void release() {
            if (mat != null) mat.release();
        }
    }
}
