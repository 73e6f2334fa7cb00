package io.vaxiin.dsl;

import io.vaxiin.vision.ScreenText;

import java.awt.Rectangle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Covers the secrets a screen shows before its picture is kept: the text read from the picture
 * says where each secret's value is ({@link Redactor#spans}), and each character
 * of it is filled with the text's own colour. A grid reader then reads a run of full blocks there
 * ('█'), a person sees a bar, and nothing of the value is left in the pixels. Where the reader
 * gave no positions the whole picture is filled: a picture that cannot be covered is not kept.
 */
public final class SecretCover {

    private SecretCover() {}

    /**
     * {@code image} as it may be kept: itself when the text read from it ({@code read}) shows no
     * secret, else a copy with each one covered.
     */
    public static java.awt.image.BufferedImage covered(java.awt.image.BufferedImage image, ScreenText read, Redactor redactor) {
        List<int[]> spans = redactor.spans(read.text());
        if (spans.isEmpty()) return image;
        int w = image.getWidth(), h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        cover(rgb, w, h, read, spans);
        java.awt.image.BufferedImage copy = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        copy.setRGB(0, 0, w, h, rgb, 0, w);
        return copy;
    }

    /**
     * Fills the cells of every span of {@code read}'s text on {@code rgb} (row-major ARGB, changed
     * in place).
     *
     * @param spans {@code [start, end)} ranges in {@code read.text()}
     */
    public static void cover(int[] rgb, int width, int height, ScreenText read, List<int[]> spans) {
        List<String> lines = read.lines();
        if (read.boxes().isEmpty()) {
            java.util.Arrays.fill(rgb, 0xff000000);
            return;
        }
        int[] starts = new int[lines.size() + 1];
        for (int i = 0; i < lines.size(); i++) starts[i + 1] = starts[i] + lines.get(i).length() + 1;
        for (int[] span : spans) {
            for (int at = span[0]; at < span[1]; at++) {
                int row = row(starts, at);
                if (row < 0) continue;
                int col = at - starts[row];
                if (col >= lines.get(row).length()) continue; // the line break itself
                fill(rgb, width, height, cell(read, row, col));
            }
        }
    }

    /** The row whose text holds offset {@code at} of the joined text, or -1. */
    private static int row(int[] starts, int at) {
        for (int r = 0; r + 1 < starts.length; r++) if (at >= starts[r] && at < starts[r + 1]) return r;
        return -1;
    }

    /**
     * The pixels of character {@code col} of line {@code row}: its cell on a grid; else a slice of the
     * line's box as wide as an average character there, with one character's margin on each side
     * (a proportional guess of where it is).
     */
    private static Rectangle cell(ScreenText read, int row, int col) {
        Rectangle box = read.boxes().get(row);
        if (read.cellWidth() > 0) {
            int x0 = (int) Math.floor(box.x + col * read.cellWidth());
            int x1 = (int) Math.ceil(box.x + (col + 1) * read.cellWidth());
            return new Rectangle(x0, box.y, x1 - x0, box.height);
        }
        double w = (double) box.width / Math.max(1, read.lines().get(row).length());
        int x0 = (int) Math.floor(box.x + (col - 1) * w);
        int x1 = (int) Math.ceil(box.x + (col + 2) * w);
        return new Rectangle(x0, box.y, x1 - x0, box.height);
    }

    /** Fills {@code r} with the colour of the text in it: the commonest colour other than the commonest (the background). */
    private static void fill(int[] rgb, int width, int height, Rectangle r) {
        int x0 = Math.max(0, r.x), y0 = Math.max(0, r.y);
        int x1 = Math.min(width, r.x + r.width), y1 = Math.min(height, r.y + r.height);
        if (x0 >= x1 || y0 >= y1) return;
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) counts.merge(rgb[y * width + x] | 0xff000000, 1, Integer::sum);
        int background = 0, ink = 0, most = -1, next = -1;
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            if (e.getValue() > most) {
                next = most;
                ink = background;
                most = e.getValue();
                background = e.getKey();
            } else if (e.getValue() > next) {
                next = e.getValue();
                ink = e.getKey();
            }
        }
        int colour = next > 0 ? ink : (~background & 0xffffff) | 0xff000000;
        for (int y = y0; y < y1; y++) java.util.Arrays.fill(rgb, y * width + x0, y * width + x1, colour);
    }
}
