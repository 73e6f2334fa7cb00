package io.vaxiin.vision;

import java.util.Arrays;

/**
 * Where a frame's colours change along its rows: edges per row and per column (which the grid's
 * origin follows), a few anchor edges spread over the frame (where candidate grids are read),
 * the busiest rows and columns (where a scaling is told), and whether the frame is lossless.
 */
final class FrameEdges {

    /** Edge pixels taken as anchors, where a probe reads cells. */
    private static final int ANCHORS = 48;
    /** Colour difference that makes a pixel an edge, for finding the grid. */
    private static final int EDGE = 60;

    final double[] rowEdges;
    final double[] colEdges;
    final int total;
    final int[] anchors;
    private final int flatAnchors;

    FrameEdges(int[] px, int width, int height) {
        rowEdges = new double[height];
        colEdges = new double[width];
        int count = 0;
        for (int y = 0; y < height; y++) {
            int base = y * width;
            int previous = px[base];
            int inRow = 0;
            for (int x = 1; x < width; x++) {
                int p = px[base + x];
                if (p != previous && CellColours.distance(p, previous) > EDGE) {
                    inRow++;
                    colEdges[x]++;
                }
                previous = p;
            }
            rowEdges[y] = inRow;
            count += inRow;
        }
        total = count;
        anchors = anchors(px, width, count);
        int flat = 0;
        for (int a = 0; a < anchors.length; a += 2) {
            if (flatEdge(px, width, anchors[a], anchors[a + 1])) {
                flat++;
            }
        }
        flatAnchors = flat;
    }

    /** Up to ANCHORS edge pixels as x,y pairs, spread evenly over the frame's {@code total} edges. */
    private int[] anchors(int[] px, int width, int total) {
        int take = Math.min(ANCHORS, total);
        int[] out = new int[take * 2];
        if (take == 0) {
            return out;
        }
        long step = Math.max(1, total / take);
        long seen = 0;
        int n = 0;
        for (int y = 0; y < rowEdges.length && n < take; y++) {
            long next = n * step + step / 2; // index of the next edge to take
            if (seen + (long) rowEdges[y] <= next) {
                seen += (long) rowEdges[y]; // not in this row: skip it without looking
                continue;
            }
            int base = y * width;
            for (int x = 1; x < width && n < take; x++) {
                int p = px[base + x];
                int q = px[base + x - 1];
                if (p != q && CellColours.distance(p, q) > EDGE) {
                    if (seen == n * step + step / 2) {
                        out[2 * n] = x;
                        out[2 * n + 1] = y;
                        n++;
                    }
                    seen++;
                }
            }
        }
        return n == take ? out : Arrays.copyOf(out, 2 * n);
    }

    /**
     * Whether the edge between pixels x - 1 and x of row y joins two flat colours: the two
     * pixels either side are at most two colours. A bitmap font's edges do; antialiasing,
     * JPEG and scaling put shades there.
     */
    private static boolean flatEdge(int[] px, int width, int x, int y) {
        int base = y * width;
        int a = px[base + x - 1];
        int b = px[base + x];
        for (int k = Math.max(0, x - 2); k <= Math.min(width - 1, x + 1); k++) {
            int p = px[base + k];
            if (p != a && p != b) {
                return false;
            }
        }
        return true;
    }

    /** True when at least a quarter of the anchor edges are flat (see {@link #flatEdge}). */
    boolean lossless() {
        return anchors.length > 0 && flatAnchors * 4 >= anchors.length;
    }

    /** The {@value #BUSIEST} rows with the most edges (fewer when fewer have any). */
    int[] busiestRows() {
        return busiest(rowEdges);
    }

    int[] busiestCols() {
        return busiest(colEdges);
    }

    private static final int BUSIEST = 16;

    private static int[] busiest(double[] edges) {
        Integer[] order = new Integer[edges.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(edges[b], edges[a]));
        int n = 0;
        while (n < Math.min(BUSIEST, order.length) && edges[order[n]] > 0) {
            n++;
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
