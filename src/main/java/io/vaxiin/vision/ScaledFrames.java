package io.vaxiin.vision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Frames a viewer scaled: whether a frame is a bilinear upscale of a usual console size (told
 * from its busiest rows and columns, before any glyph is read), and the console's own pixels
 * recovered from such a frame by inverting the upscale.
 */
final class ScaledFrames {

    /** Native console sizes a viewer may have scaled a frame from. */
    static final int[][] NATIVE_SIZES = {{720, 400}, {640, 400}, {640, 480}, {800, 600}, {1024, 768}};

    /**
     * The native sizes this frame may be a scaled picture of: the usual console modes and 80×25
     * or 80×24 cells of each font, smaller than the frame and at most three times smaller.
     */
    static List<int[]> nativeSizes(List<GlyphMatcher> matchers, int width, int height) {
        List<int[]> sizes = new ArrayList<>();
        for (int[] s : NATIVE_SIZES) {
            sizes.add(s);
        }
        for (GlyphMatcher m : matchers) {
            sizes.add(new int[] {80 * m.width, 25 * m.height});
            sizes.add(new int[] {80 * m.width, 24 * m.height});
        }
        List<int[]> out = new ArrayList<>();
        for (int[] s : sizes) {
            boolean smaller = s[0] <= width && s[1] <= height && (s[0] < width || s[1] < height);
            boolean near = width <= 3 * s[0] && height <= 3 * s[1];
            boolean seen = out.stream().anyMatch(o -> o[0] == s[0] && o[1] == s[1]);
            if (smaller && near && !seen) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingInt((int[] s) -> -s[0] * s[1]));
        return out;
    }

    /**
     * How a viewer may have scaled a console of {@code width × height} pixels to the frame.
     *
     * @param linearLight whether it blended pixels in linear light (as ImageMagick does for a
     *                    grey picture) rather than in their sRGB encoding (as browsers do)
     */
    record Scaling(int width, int height, boolean linearLight) {
    }

    /**
     * Largest {@link #upscaleResidual} of a scaling that made the frame: a frame scaled
     * bilinearly is off its model by rounding only (well under 0.001); any other size, or
     * antialiased text drawn at this size, is off by more than 0.005.
     */
    static final double UPSCALE_FIT = 0.002;

    /**
     * The scalings this frame is the picture of: sizes from {@link #nativeSizes} whose width
     * and height each fit a bilinear upscale of the frame's busiest rows and columns (see
     * {@link #upscaleResidual}), blended in sRGB or in linear light. Most frames fit none, which
     * costs a few residuals of a few rows.
     */
    static List<Scaling> scalings(List<GlyphMatcher> matchers, int[] px, int width, int height, FrameEdges edges) {
        List<Scaling> out = new ArrayList<>();
        if (edges.total == 0) {
            return out;
        }
        List<int[]> sizes = nativeSizes(matchers, width, height);
        int[] rows = edges.busiestRows();
        int[] cols = edges.busiestCols();
        for (boolean linear : new boolean[] {false, true}) {
            Set<Integer> widths = new LinkedHashSet<>();
            Set<Integer> tried = new LinkedHashSet<>();
            for (int[] s : sizes) {
                if (tried.add(s[0]) && upscaleResidual(px, width, height, s[0], true, rows, linear) <= UPSCALE_FIT) {
                    widths.add(s[0]);
                }
            }
            Set<Integer> heights = new LinkedHashSet<>();
            tried.clear();
            for (int[] s : sizes) {
                if (widths.contains(s[0]) && tried.add(s[1])
                    && upscaleResidual(px, width, height, s[1], false, cols, linear) <= UPSCALE_FIT) {
                    heights.add(s[1]);
                }
            }
            for (int[] s : sizes) {
                if (widths.contains(s[0]) && heights.contains(s[1])) {
                    out.add(new Scaling(s[0], s[1], linear));
                }
            }
        }
        return out;
    }


    /**
     * The {@code nw × nh} picture that a bilinear upscale (pixel centres: {@code src = (dst + 0.5)
     * * nw / width - 0.5}, edges clamped) turns into this frame, recovered by least squares: per
     * axis the upscale is a matrix with two weights a row, so the normal equations are
     * tridiagonal and solve in linear time. Rows are solved first, then columns. A frame a viewer
     * scaled this way comes back to the console's pixels up to rounding. With {@code linearLight}
     * the blend is undone in linear light (see {@link Light}).
     */
    static int[] unscale(int[] px, int width, int height, int nw, int nh, boolean linearLight) {
        float[] level = linearLight ? Light.LINEAR : Light.ENCODED;
        Taps xs = new Taps(width, nw);
        Taps ys = new Taps(height, nh);
        int stride = 3 * nw; // a native row of red, green, blue triples
        // vertically first (fewer rows for the horizontal pass): frame rows to native rows
        float[] down = new float[nh * 3 * width];
        for (int d = 0; d < height; d++) {
            int i = ys.index[d];
            float f = ys.frac[d];
            float g = 1 - f;
            int base = d * width;
            int to = i * 3 * width;
            for (int x = 0, k = to; x < width; x++, k += 3) {
                int p = px[base + x];
                float r = level[p >>> 16 & 0xFF];
                float gr = level[p >>> 8 & 0xFF];
                float b = level[p & 0xFF];
                down[k] += g * r;
                down[k + 1] += g * gr;
                down[k + 2] += g * b;
                if (f != 0) {
                    int n = k + 3 * width;
                    down[n] += f * r;
                    down[n + 1] += f * gr;
                    down[n + 2] += f * b;
                }
            }
        }
        ys.solveRows(down, 0, 3 * width);
        // then horizontally, each native row's triples
        int[] out = new int[nw * nh];
        float[] rhs = new float[stride];
        float[] row = new float[stride];
        for (int y = 0; y < nh; y++) {
            Arrays.fill(rhs, 0);
            int base = y * 3 * width;
            for (int d = 0; d < width; d++) {
                int i = 3 * xs.index[d];
                float f = xs.frac[d];
                float g = 1 - f;
                int k = base + 3 * d;
                rhs[i] += g * down[k];
                rhs[i + 1] += g * down[k + 1];
                rhs[i + 2] += g * down[k + 2];
                if (f != 0) {
                    rhs[i + 3] += f * down[k];
                    rhs[i + 4] += f * down[k + 1];
                    rhs[i + 5] += f * down[k + 2];
                }
            }
            System.arraycopy(rhs, 0, row, 0, stride);
            xs.solveRows(row, 0, 3);
            for (int x = 0; x < nw; x++) {
                out[y * nw + x] = encode(row[3 * x], linearLight) << 16 | encode(row[3 * x + 1], linearLight) << 8
                    | encode(row[3 * x + 2], linearLight);
            }
        }
        return out;
    }

    /**
     * How far the given frame lines (rows when {@code across}, else columns) are from being a
     * bilinear upscale of lines of {@code size} pixels: the least-squares residual of that model,
     * as a share of the lines' own variation (squared differences of neighbours). About zero for
     * a frame a viewer scaled from that size (rounding); large for any other. With
     * {@code linearLight} the model blends linear light (see {@link Light}).
     */
    static double upscaleResidual(int[] px, int width, int height, int size, boolean across, int[] lines,
                                  boolean linearLight) {
        int length = across ? width : height;
        if (size >= length || size < 2) {
            return Double.POSITIVE_INFINITY;
        }
        Taps taps = new Taps(length, size);
        float[] v = new float[length];
        float[] rhs = new float[size];
        float[] u = new float[size];
        double residual = 0;
        double variation = 0;
        float[] level = linearLight ? Light.LINEAR : Light.ENCODED;
        for (int line : lines) {
            for (int d = 0; d < length; d++) {
                int p = across ? px[line * width + d] : px[d * width + line];
                v[d] = level[p >>> 16 & 0xFF] + 2 * level[p >>> 8 & 0xFF] + level[p & 0xFF];
            }
            Arrays.fill(rhs, 0);
            for (int d = 0; d < length; d++) {
                int i = taps.index[d];
                float f = taps.frac[d];
                rhs[i] += (1 - f) * v[d];
                if (f != 0) {
                    rhs[i + 1] += f * v[d];
                }
            }
            taps.solve(rhs, u, 0);
            for (int d = 0; d < length; d++) {
                int i = taps.index[d];
                float f = taps.frac[d];
                double model = (1 - f) * u[i] + (f != 0 ? f * u[i + 1] : 0);
                residual += (v[d] - model) * (v[d] - model);
                if (d > 0) {
                    variation += (v[d] - v[d - 1]) * (v[d] - v[d - 1]);
                }
            }
        }
        return variation == 0 ? Double.POSITIVE_INFINITY : residual / variation;
    }

    private static int encode(float v, boolean linearLight) {
        if (linearLight) {
            int i = Math.round(v * (Light.STEPS - 1) / 255f);
            return Light.ENCODE[Math.max(0, Math.min(Light.STEPS - 1, i))] & 0xFF;
        }
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    /** sRGB levels as they are and as linear light (both 0..255), and linear light back to sRGB. */
    static final class Light {
        static final float[] ENCODED = new float[256];
        static final float[] LINEAR = new float[256];
        static final int STEPS = 4096;
        static final byte[] ENCODE = new byte[STEPS];

        static {
            for (int i = 0; i < 256; i++) {
                double c = i / 255.0;
                ENCODED[i] = i;
                LINEAR[i] = (float) (255 * (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)));
            }
            for (int i = 0; i < STEPS; i++) {
                double l = (double) i / (STEPS - 1);
                double c = l <= 0.0031308 ? 12.92 * l : 1.055 * Math.pow(l, 1 / 2.4) - 0.055;
                ENCODE[i] = (byte) Math.round(255 * c);
            }
        }

        private Light() {
        }
    }

    /**
     * One axis of a bilinear upscale from {@code to} to {@code from} pixels: for each frame pixel
     * the native pixel left of its centre and the weight of the one right of it; and the
     * factorised normal matrix (tridiagonal) of that upscale.
     */
    private static final class Taps {
        final int[] index;
        final float[] frac;
        /** Thomas algorithm: the pivots and the normalised upper diagonal. */
        private final float[] pivot;
        private final float[] upper;
        private final float[] lower;

        Taps(int from, int to) {
            index = new int[from];
            frac = new float[from];
            double[] diag = new double[to];
            double[] off = new double[to];
            double scale = (double) to / from;
            for (int d = 0; d < from; d++) {
                double s = (d + 0.5) * scale - 0.5;
                int i = (int) Math.floor(s);
                double f = s - i;
                if (i < 0) {
                    i = 0;
                    f = 0;
                } else if (i >= to - 1) {
                    i = to - 1;
                    f = 0;
                }
                index[d] = i;
                frac[d] = (float) f;
                diag[i] += (1 - f) * (1 - f);
                if (f != 0) {
                    diag[i + 1] += f * f;
                    off[i] += (1 - f) * f;
                }
            }
            pivot = new float[to];
            upper = new float[to];
            lower = new float[to];
            double previousUpper = 0;
            for (int i = 0; i < to; i++) {
                double a = i > 0 ? off[i - 1] : 0;
                double m = diag[i] + 1e-6 - a * previousUpper;
                pivot[i] = (float) m;
                lower[i] = (float) a;
                previousUpper = off[i] / m;
                upper[i] = (float) previousUpper;
            }
        }

        /** Solves the normal equations for {@code rhs} into {@code out[at .. at + n)}. */
        void solve(float[] rhs, float[] out, int at) {
            int n = pivot.length;
            float previous = 0;
            for (int i = 0; i < n; i++) {
                previous = (rhs[i] - lower[i] * previous) / pivot[i];
                out[at + i] = previous;
            }
            for (int i = n - 2; i >= 0; i--) {
                out[at + i] -= upper[i] * out[at + i + 1];
            }
        }

        /** Solves in place for {@code width} right-hand sides at once, row i at data[at + i * width ..]. */
        void solveRows(float[] data, int at, int width) {
            int n = pivot.length;
            for (int i = 0; i < n; i++) {
                int row = at + i * width;
                float a = lower[i];
                float p = pivot[i];
                if (i > 0) {
                    int prev = row - width;
                    for (int x = 0; x < width; x++) {
                        data[row + x] = (data[row + x] - a * data[prev + x]) / p;
                    }
                } else {
                    for (int x = 0; x < width; x++) {
                        data[row + x] /= p;
                    }
                }
            }
            for (int i = n - 2; i >= 0; i--) {
                int row = at + i * width;
                int next = row + width;
                float u = upper[i];
                for (int x = 0; x < width; x++) {
                    data[row + x] -= u * data[next + x];
                }
            }
        }
    }

    private ScaledFrames() {
    }
}
