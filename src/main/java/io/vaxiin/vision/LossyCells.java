package io.vaxiin.vision;

import java.util.Arrays;

/**
 * Cells of a lossy frame (JPEG, a frame scaled back): a cell of many colours split into the two
 * it was drawn in, by brightness when it has the contrast (JPEG keeps brightness sharp but smears
 * colour), else by colour; and whether a cell no glyph fits is only noise on one colour.
 */
final class LossyCells {

    /** Brightness range of a cell that makes it split by brightness rather than by colour. */
    static final int LUMA_CONTRAST = 64;

    /**
     * Splits a cell of {@code n} pixels {@code p} of many colours into two (2-means from its two
     * most different pixels): the cell's mask (the pixels of {@code means[1]}) into {@code mask},
     * each pixel's side into {@code cluster}, the two colours into {@code means} (0 the clear
     * pixels', 1 the set pixels'). False when the cell's colours are alike: it is blank.
     */
    static boolean split(int[] p, int n, int[] cluster, long[] mask, int[] means) {
        int dark = 255;
        int light = 0;
        for (int i = 0; i < n; i++) {
            int y = ScreenLines.luma(p[i]);
            dark = Math.min(dark, y);
            light = Math.max(light, y);
        }
        if (light - dark >= LUMA_CONTRAST) {
            return splitByLuma(p, n, cluster, mask, means, dark, light);
        }
        int a = 0;
        int far = -1;
        for (int i = 1; i < n; i++) {
            int d = CellColours.distance(p[i], p[0]);
            if (d > far) {
                far = d;
                a = i;
            }
        }
        int b = a;
        far = -1;
        for (int i = 0; i < n; i++) {
            int d = CellColours.distance(p[i], p[a]);
            if (d > far) {
                far = d;
                b = i;
            }
        }
        int ca = p[a];
        int cb = p[b];
        if (CellColours.same(ca, cb)) {
            return false;
        }
        for (int iteration = 0; iteration < 2; iteration++) {
            for (int i = 0; i < n; i++) {
                cluster[i] = CellColours.distance(p[i], cb) < CellColours.distance(p[i], ca) ? 1 : 0;
            }
            if (!clusterMeans(p, n, cluster, mask, means)) {
                return false;
            }
            ca = means[0];
            cb = means[1];
        }
        return !CellColours.same(ca, cb);
    }

    /**
     * The mean colour of each of the cell's two clusters ({@code cluster}, 0 or 1 per pixel)
     * into {@code means}, and cluster 1 as the cell's mask; false when a cluster is empty.
     */
    private static boolean clusterMeans(int[] p, int n, int[] cluster, long[] mask, int[] means) {
        Arrays.fill(mask, 0);
        long[][] sum = new long[2][3];
        int[] count = new int[2];
        for (int i = 0; i < n; i++) {
            int k = cluster[i];
            int q = p[i];
            sum[k][0] += q >>> 16 & 0xFF;
            sum[k][1] += q >>> 8 & 0xFF;
            sum[k][2] += q & 0xFF;
            count[k]++;
            if (k == 1) {
                mask[i >>> 6] |= 1L << (i & 63);
            }
        }
        if (count[0] == 0 || count[1] == 0) {
            return false;
        }
        for (int k = 0; k < 2; k++) {
            means[k] = (int) (sum[k][0] / count[k]) << 16 | (int) (sum[k][1] / count[k]) << 8 | (int) (sum[k][2] / count[k]);
        }
        return true;
    }

    /**
     * Splits a cell into its dark and light pixels (2-means on brightness), as {@link #split}
     * does; false when they are too alike. Brightness first: a JPEG frame keeps it sharp but
     * smears colour over a pixel or two (chroma subsampling), so a split by colour turns cyan on
     * magenta to noise and the edge of a shadow into a partial block.
     */
    private static boolean splitByLuma(int[] p, int n, int[] cluster, long[] mask, int[] means, int dark,
                                       int light) {
        double lo = dark;
        double hi = light;
        for (int iteration = 0; iteration < 3; iteration++) {
            double mid = (lo + hi) / 2;
            long sumLo = 0;
            long sumHi = 0;
            int nLo = 0;
            int nHi = 0;
            for (int i = 0; i < n; i++) {
                int y = ScreenLines.luma(p[i]);
                if (y > mid) {
                    sumHi += y;
                    nHi++;
                } else {
                    sumLo += y;
                    nLo++;
                }
            }
            if (nLo == 0 || nHi == 0) {
                return false;
            }
            lo = (double) sumLo / nLo;
            hi = (double) sumHi / nHi;
        }
        double mid = (lo + hi) / 2;
        for (int i = 0; i < n; i++) {
            cluster[i] = ScreenLines.luma(p[i]) > mid ? 1 : 0;
        }
        if (!clusterMeans(p, n, cluster, mask, means)) {
            return false;
        }
        return hi - lo >= LUMA_CONTRAST / 2.0;
    }

    /** The mean colour of the cell's {@code n} pixels {@code p}. */
    static int mean(int[] p, int n) {
        long r = 0, g = 0, b = 0;
        for (int i = 0; i < n; i++) {
            r += p[i] >>> 16 & 0xFF;
            g += p[i] >>> 8 & 0xFF;
            b += p[i] & 0xFF;
        }
        return (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
    }

    /**
     * Whether nine in ten of the cell's pixels lie near its middle colour: a cell no glyph fits
     * that is this flat is an empty cell in a lossy frame (JPEG noise at the edge of a coloured
     * bar), not an unknown character.
     */
    static boolean nearlyOneColour(int[] p, int n) {
        int[] r = new int[n];
        int[] g = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = p[i] >>> 16 & 0xFF;
            g[i] = p[i] >>> 8 & 0xFF;
            b[i] = p[i] & 0xFF;
        }
        Arrays.sort(r);
        Arrays.sort(g);
        Arrays.sort(b);
        int middle = r[n / 2] << 16 | g[n / 2] << 8 | b[n / 2];
        int near = 0;
        for (int i = 0; i < n; i++) {
            if (CellColours.distance(p[i], middle) <= CellColours.SAME_COLOUR) {
                near++;
            }
        }
        return near * 10 >= n * 9;
    }

    private LossyCells() {
    }
}
