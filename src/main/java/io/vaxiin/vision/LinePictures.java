package io.vaxiin.vision;

import java.awt.Rectangle;
import java.util.Arrays;
import java.util.List;

/**
 * The pictures {@link ScreenLines} gives OCR: a band of a frame rendered as dark ink on white,
 * whatever its colours. The background of each few columns is the most common colour around
 * them (taken on the side where it is most common, so the edge of a bar does not blur it); every
 * pixel's ink is its colour distance to that background, normalised to the strongest text of
 * the line, with the glyphs' antialiasing kept for the recogniser; a block cursor is wiped; long
 * blank gaps are shortened, for an LSTM recogniser's time grows with the width it reads.
 *
 * <p>One per frame; not thread-safe.
 */
final class LinePictures {

    private final int[] rgb;
    private final int w;
    private final int h;

    LinePictures(int[] rgb, int w, int h) {
        this.rgb = rgb;
        this.w = w;
        this.h = h;
    }

    /**
     * The pieces (left to right) of the band y0..y1 as one dark-on-light line with a white
     * margin, or null when it has too little contrast to be text. With {@code blockLine} > 0
     * the band is a block of lines about that high: its background is taken strip by strip of
     * that height, and no cursor is looked for.
     */
    ScreenLines.Line render(List<int[]> pieces, int y0, int y1, int column, int blockLine) {
        int x0 = pieces.get(0)[0];
        int x1 = pieces.get(pieces.size() - 1)[1];
        int pw = x1 - x0 + 1;
        int ph = y1 - y0 + 1;
        boolean block = blockLine > 0;
        int lineHeight = block ? Math.min(ph, Math.max(12, blockLine)) : ph;
        int[] dist = new int[pw * ph];
        int max = 0;
        int[] bg = null;
        int stripEnd = -1;
        for (int y = 0; y < ph; y++) {
            if (y > stripEnd) {
                // a line's background, or in a block that of each strip about a line high
                stripEnd = ph - y < 2 * lineHeight ? ph - 1 : y + lineHeight - 1;
                bg = background(x0, x1, y0 + y, y0 + stripEnd);
            }
            int row = (y0 + y) * w;
            for (int x = 0; x < pw; x++) {
                int d = ScreenLines.distance(rgb[row + x0 + x], bg[x]);
                dist[y * pw + x] = d;
                max = Math.max(max, d);
            }
        }
        if (max < ScreenLines.MIN_CONTRAST) {
            return null;
        }
        // full black from 60% of the strongest ink: dim text beside bright text stays readable
        int full = Math.max(ScreenLines.MIN_CONTRAST, max * 6 / 10);
        int inkLevel = full / 2;
        boolean[] blank = new boolean[pw];
        int[] solid = new int[pw];
        long inked = 0;
        for (int x = 0; x < pw; x++) {
            for (int y = 0; y < ph; y++) {
                if (dist[y * pw + x] >= inkLevel) {
                    solid[x]++;
                }
            }
            blank[x] = solid[x] == 0;
            inked += solid[x];
        }
        if (block && inked * 2 > (long) pw * ph) {
            // more ink than background over many rows: a picture or noise, not text
            return null;
        }
        if (!block) {
            wipeCursor(dist, solid, blank, pw, ph);
        }
        // shorten long blank gaps to two line heights
        int maxGap = Math.max(8, lineHeight * 2);
        int[] keep = new int[pw];
        int kept = 0;
        for (int x = 0; x < pw; ) {
            if (!blank[x]) {
                keep[kept++] = x++;
                continue;
            }
            int end = x;
            while (end < pw && blank[end]) {
                end++;
            }
            for (int k = x; k < end && k - x < maxGap; k++) {
                keep[kept++] = k;
            }
            x = end;
        }
        while (kept > 0 && blank[keep[kept - 1]]) {
            kept--;
        }
        int first = 0;
        while (first < kept && blank[keep[first]]) {
            first++;
        }
        if (first >= kept) {
            return null;
        }
        int pad = Math.max(4, lineHeight / 3);
        int cols = kept - first;
        int ow = cols + 2 * pad;
        int oh = ph + 2 * pad;
        byte[] grey = new byte[ow * oh];
        Arrays.fill(grey, (byte) 255);
        int[] columns = new int[cols];
        for (int k = 0; k < cols; k++) {
            columns[k] = x0 + keep[first + k];
        }
        for (int y = 0; y < ph; y++) {
            int out = (y + pad) * ow + pad;
            for (int k = 0; k < cols; k++) {
                int d = dist[y * pw + keep[first + k]];
                grey[out + k] = (byte) (255 - Math.min(255, d * 255 / full));
            }
        }
        Rectangle box = new Rectangle(columns[0], y0, columns[cols - 1] - columns[0] + 1, ph);
        return new ScreenLines.Line(box, grey, ow, oh, pad, columns, column, block);
    }

    /** Wipes block cursors: runs of columns inked from top to bottom, at least a cell wide. */
    private static void wipeCursor(int[] dist, int[] solid, boolean[] blank, int pw, int ph) {
        int minWidth = Math.max(5, ph * 35 / 100);
        for (int x = 0; x < pw; ) {
            if (solid[x] * 100 < ph * 95) {
                x++;
                continue;
            }
            int end = x;
            while (end < pw && solid[end] * 100 >= ph * 95) {
                end++;
            }
            if (end - x >= minWidth && end - x <= ph) {
                // and the partly covered columns at its edges
                int from = x;
                while (from > Math.max(0, x - 2) && solid[from - 1] * 100 >= ph * 60) {
                    from--;
                }
                int to = end;
                while (to < Math.min(pw, end + 2) && solid[to] * 100 >= ph * 60) {
                    to++;
                }
                for (int k = from; k < to; k++) {
                    for (int y = 0; y < ph; y++) {
                        dist[y * pw + k] = 0;
                    }
                    blank[k] = true;
                }
            }
            x = end;
        }
    }

    /**
     * The background colour of each column x0..x1 of the band y0..y1 (and the row above and
     * below): the most common colour of the blocks around it, taken from the window (left,
     * centred or right) where that colour is most common.
     */
    private int[] background(int x0, int x1, int y0, int y1) {
        int top = Math.max(0, y0 - 1);
        int bottom = Math.min(h - 1, y1 + 1);
        int ph = bottom - top + 1;
        int pw = x1 - x0 + 1;
        int block = Math.max(4, (y1 - y0 + 1) / 2);
        int blocks = (pw + block - 1) / block;
        // per block: the colours present (quantised to 4 bits a channel) and their counts and sums
        int[][] bins = new int[blocks][];
        int[][] counts = new int[blocks][];
        long[][] sums = new long[blocks][];
        int[] count = new int[4096];
        long[] sum = new long[4096 * 3];
        int[] used = new int[4096];
        for (int b = 0; b < blocks; b++) {
            int n = 0;
            for (int y = top; y <= bottom; y++) {
                int row = y * w;
                for (int x = x0 + b * block; x <= Math.min(x1, x0 + b * block + block - 1); x++) {
                    int p = rgb[row + x];
                    int q = ((p >> 12) & 0xF00) | ((p >> 8) & 0xF0) | ((p >> 4) & 0xF);
                    if (count[q]++ == 0) {
                        used[n++] = q;
                    }
                    sum[q * 3] += (p >> 16) & 0xFF;
                    sum[q * 3 + 1] += (p >> 8) & 0xFF;
                    sum[q * 3 + 2] += p & 0xFF;
                }
            }
            bins[b] = Arrays.copyOf(used, n);
            counts[b] = new int[n];
            sums[b] = new long[n * 3];
            for (int i = 0; i < n; i++) {
                int q = used[i];
                counts[b][i] = count[q];
                sums[b][i * 3] = sum[q * 3];
                sums[b][i * 3 + 1] = sum[q * 3 + 1];
                sums[b][i * 3 + 2] = sum[q * 3 + 2];
                count[q] = 0;
                sum[q * 3] = 0;
                sum[q * 3 + 1] = 0;
                sum[q * 3 + 2] = 0;
            }
        }
        int[] bg = new int[pw];
        long[] best = new long[2];
        for (int b = 0; b < blocks; b++) {
            int colour = 0;
            double purity = -1;
            for (int[] window : new int[][] {{b - 4, b}, {b - 2, b + 2}, {b, b + 4}}) {
                // windows are shifted inside the line, not cut: a lone block at the end (a
                // cursor) must not be its own background
                int from = Math.max(0, Math.min(window[0], blocks - 5));
                int to = Math.min(blocks - 1, from + 4);
                int c = mode(bins, counts, sums, from, to, count, sum, used, best);
                double p = (double) best[0] / best[1];
                if (p > purity) {
                    purity = p;
                    colour = c;
                }
            }
            for (int x = b * block; x < Math.min(pw, b * block + block); x++) {
                bg[x] = colour;
            }
        }
        return bg;
    }

    /** The mean colour of the most common bin over blocks from..to; best = {its count, total}. */
    private static int mode(int[][] bins, int[][] counts, long[][] sums, int from, int to,
                            int[] count, long[] sum, int[] used, long[] best) {
        int n = 0;
        long total = 0;
        for (int b = from; b <= to; b++) {
            for (int i = 0; i < bins[b].length; i++) {
                int q = bins[b][i];
                if (count[q] == 0) {
                    used[n++] = q;
                }
                count[q] += counts[b][i];
                total += counts[b][i];
                sum[q * 3] += sums[b][i * 3];
                sum[q * 3 + 1] += sums[b][i * 3 + 1];
                sum[q * 3 + 2] += sums[b][i * 3 + 2];
            }
        }
        int top = used[0];
        for (int i = 1; i < n; i++) {
            if (count[used[i]] > count[top]) {
                top = used[i];
            }
        }
        int c = count[top];
        int colour = (int) (sum[top * 3] / c) << 16 | (int) (sum[top * 3 + 1] / c) << 8 | (int) (sum[top * 3 + 2] / c);
        best[0] = c;
        best[1] = total;
        for (int i = 0; i < n; i++) {
            int q = used[i];
            count[q] = 0;
            sum[q * 3] = 0;
            sum[q * 3 + 1] = 0;
            sum[q * 3 + 2] = 0;
        }
        return colour;
    }
}
