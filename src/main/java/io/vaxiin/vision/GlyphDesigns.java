package io.vaxiin.vision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a character is drawn in the fonts Vaxiin ships, for a second opinion on what OCR said a
 * learnt shape is: OCR misreads some shapes of a font the same way on every row (this VGA 8x8's
 * 'X' as 'H', '<' as 't'), which no vote outvotes, but an 'X' of any bitmap font looks more like
 * the X of another than like its H. Each design is the glyph's ink cut to its bounding box; a
 * shape is compared with a design scaled to the shape's box (nearest pixel), as the share of
 * ink they have in common (intersection over union).
 *
 * <p>Only letters, digits and a few signs whose look does not hang on where they sit in the cell
 * are compared (a comma and a quote are one design in a box), and not those that are one
 * another's design but for a detail OCR and the votes settle better (0 O o, 1 l I i |).
 */
final class GlyphDesigns {

    /** The characters compared. */
    static final String COMPARED = "ABCDEFGHJKLMNPRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789<>#$%&*+?@/\\";
    /** The letters compared that reach below the line the others stand on. */
    static final String DESCENDERS = "gjpqy";

    private record Design(int w, int h, boolean[] ink) {
    }

    private static final class Loaded {
        static final Map<Integer, List<Design>> DESIGNS = load();

        private static Map<Integer, List<Design>> load() {
            Map<Integer, List<Design>> out = new HashMap<>();
            for (BitmapFont f : BitmapFont.builtIn()) {
                for (int i = 0; i < COMPARED.length(); i++) {
                    int cp = COMPARED.charAt(i);
                    BitmapFont.Glyph g = f.glyph(cp);
                    Design d = g == null ? null : design(g.rows(), f.width());
                    if (d != null) {
                        out.computeIfAbsent(cp, k -> new ArrayList<>()).add(d);
                    }
                }
            }
            return out;
        }
    }

    private GlyphDesigns() {
    }

    /** The ink of {@code rows} (a glyph {@code width} wide) cut to its bounding box; null for no ink. */
    private static Design design(int[] rows, int width) {
        int top = -1;
        int bottom = -1;
        int left = width;
        int right = -1;
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < width; x++) {
                if ((rows[y] >>> (width - 1 - x) & 1) != 0) {
                    top = top < 0 ? y : top;
                    bottom = y;
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        if (top < 0) {
            return null;
        }
        int w = right - left + 1;
        int h = bottom - top + 1;
        boolean[] ink = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                ink[y * w + x] = (rows[top + y] >>> (width - 1 - left - x) & 1) != 0;
            }
        }
        return new Design(w, h, ink);
    }

    /** Whether {@code cp} is one of the characters compared. */
    static boolean compared(int cp) {
        return cp < 0x80 && COMPARED.indexOf(cp) >= 0;
    }

    /**
     * How like {@code cp} as the shipped fonts draw it a shape ({@code rows}, {@code width} wide) is:
     * the best intersection over union with any of its designs scaled to the shape's box, 0 to 1;
     * -1 when the character is not compared or the shape has no ink.
     */
    static double likeness(int[] rows, int width, int cp) {
        List<Design> designs = compared(cp) ? Loaded.DESIGNS.get(cp) : null;
        Design shape = design(rows, width);
        if (designs == null || shape == null) {
            return -1;
        }
        double best = 0;
        for (Design d : designs) {
            int both = 0;
            int either = 0;
            for (int y = 0; y < shape.h; y++) {
                int dy = y * d.h / shape.h;
                for (int x = 0; x < shape.w; x++) {
                    boolean a = shape.ink[y * shape.w + x];
                    boolean b = d.ink[dy * d.w + x * d.w / shape.w];
                    both += a && b ? 1 : 0;
                    either += a || b ? 1 : 0;
                }
            }
            best = Math.max(best, either == 0 ? 0 : (double) both / either);
        }
        return best;
    }

    /**
     * The character compared that a shape is most like, and how like: {cp, likeness x 1000}; {-1, 0}
     * for none. With {@code descends} 1 (the shape reaches below the font's baseline) only letters
     * that do too are candidates, with 0 only letters that do not (a 'y' cut to its box can look
     * more like a 'Z' than like the shipped fonts' y); with -1 (the baseline is not known) all are.
     */
    static int[] likest(int[] rows, int width, int descends) {
        int bestCp = -1;
        double best = 0;
        for (int i = 0; i < COMPARED.length(); i++) {
            char c = COMPARED.charAt(i);
            if (descends >= 0 && Character.isLetter(c) && (DESCENDERS.indexOf(c) >= 0) != (descends == 1)) {
                continue;
            }
            double l = likeness(rows, width, c);
            if (l > best) {
                best = l;
                bestCp = COMPARED.charAt(i);
            }
        }
        return new int[] {bestCp, (int) Math.round(best * 1000)};
    }
}
