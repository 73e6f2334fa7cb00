package io.vaxiin.vision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A font learner's OCR of a frame: the rows that hold shapes not settled yet, read a picture of
 * each row's text cells at a time (two at once, one per OCR engine), each character read a vote
 * for the shape of its cell, when the reading lines up with the row (by word, then by where OCR
 * put each character's box). What the shapes then are is {@link ShapeCharacters}' part.
 *
 * <p>One per frame; not thread-safe.
 */
final class RowVotes {

    /** OCR calls (one grid row each) a frame may cost. */
    static final int MAX_ROWS_READ = 48;
    /** Height in pixels OCR is given a row at: small fonts are scaled up to it. */
    static final int OCR_HEIGHT = 44;

    /** Whether a vote was cast, and how many rows OCR read. */
    record Read(boolean voted, int rows) {
    }

    private final Map<CellShapes.Shape, KnownShape> known;

    /** Votes go to {@code known}, the learner's shapes, which holds every shape of the frames it is given. */
    RowVotes(Map<CellShapes.Shape, KnownShape> known) {
        this.known = known;
    }

    /** Reads rows that hold shapes not settled yet, with OCR, until each is or no row is left: whether a vote was cast, and how many rows. */
    Read read(CellShapes.Cells cells, FontLearner.Ocr ocr) {
        CellGrid g = cells.grid();
        int[] band = band(cells);
        boolean[] done = new boolean[g.rows()];
        boolean voted = false;
        int rowsRead = 0;
        int[] counts = cells.counts();
        KnownShape[] shapes = new KnownShape[cells.shapes().size()];
        for (int s = 0; s < shapes.length; s++) {
            shapes[s] = known.get(cells.shapes().get(s));
        }
        while (rowsRead < MAX_ROWS_READ) {
            List<Integer> batch = new ArrayList<>();
            java.util.Set<Integer> covered = new java.util.HashSet<>();
            for (int take = 0; take < 2; take++) {
                int best = -1;
                int most = 0;
                for (int r = 0; r < g.rows(); r++) {
                    if (done[r] || batch.contains(r)) {
                        continue;
                    }
                    int n = unsettled(cells, r, covered, counts, shapes).size();
                    if (n > most) {
                        most = n;
                        best = r;
                    }
                }
                if (best < 0) {
                    break;
                }
                batch.add(best);
                covered.addAll(unsettled(cells, best, covered, counts, shapes));
            }
            if (batch.isEmpty()) {
                break;
            }
            List<CellReader.Picture> pictures = new ArrayList<>();
            for (int r : batch) {
                pictures.add(picture(cells, r));
                done[r] = true;
            }
            rowsRead += pictures.size();
            List<List<CellReader.Symbol>> read = ocr.read(pictures);
            for (int i = 0; i < batch.size(); i++) {
                voted |= vote(cells, batch.get(i), read.get(i), band);
            }
        }
        return new Read(voted, rowsRead);
    }

    /**
     * The shapes of row {@code r} that are neither settled nor in {@code covered}; {@code counts}
     * and {@code shapes} are each shape's cells and what is known of it, by its index.
     */
    private static java.util.Set<Integer> unsettled(CellShapes.Cells cells, int r, java.util.Set<Integer> covered, int[] counts,
                                                    KnownShape[] shapes) {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        CellGrid g = cells.grid();
        for (int c = 0; c < g.cols(); c++) {
            int s = cells.shapeOf()[r * g.cols() + c];
            if (s >= 0 && !covered.contains(s) && !shapes[s].settled(counts[s])) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The columns of grid row {@code r} OCR is shown, {from, to}: its text cells, first to last,
     * {@link #MARGIN} cells before and {@link #TAIL} after (what lies beyond is blank or box drawing,
     * which OCR is not shown). OCR's time goes with a picture's width.
     */
    /** Blank cells shown before a row's text, and after it: OCR reads a full stop that ends a picture soon after it as a comma. */
    static final int MARGIN = 4;
    static final int TAIL = 16;

    private int[] span(CellShapes.Cells cells, int r) {
        CellGrid g = cells.grid();
        int first = -1;
        int last = -1;
        for (int c = 0; c < g.cols(); c++) {
            int s = cells.shapeOf()[r * g.cols() + c];
            if (s >= 0 && known.get(cells.shapes().get(s)).geometric < 0) {
                first = first < 0 ? c : first;
                last = c;
            }
        }
        return first < 0 ? new int[] {0, 0} : new int[] {Math.max(0, first - MARGIN), Math.min(g.cols(), last + 1 + TAIL)};
    }

    /** A grey picture of grid row {@code r}: its text cells' ink black on white, geometric and blank cells white, scaled for OCR. */
    private CellReader.Picture picture(CellShapes.Cells cells, int r) {
        CellGrid g = cells.grid();
        int scale = ocrScale(g);
        int pad = g.height() * scale / 2;
        int[] span = span(cells, r);
        int w = (span[1] - span[0]) * g.width() * scale + 2 * pad;
        int h = g.height() * scale + 2 * pad;
        byte[] grey = new byte[w * h];
        Arrays.fill(grey, (byte) 255);
        for (int c = span[0]; c < span[1]; c++) {
            int s = cells.shapeOf()[r * g.cols() + c];
            if (s < 0 || known.get(cells.shapes().get(s)).geometric >= 0) {
                continue;
            }
            int[] rows = cells.shapes().get(s).rows();
            for (int y = 0; y < g.height(); y++) {
                for (int x = 0; x < g.width(); x++) {
                    if ((rows[y] >>> (g.width() - 1 - x) & 1) != 0) {
                        int px0 = pad + ((c - span[0]) * g.width() + x) * scale;
                        int py0 = pad + y * scale;
                        for (int yy = 0; yy < scale; yy++) {
                            Arrays.fill(grey, (py0 + yy) * w + px0, (py0 + yy) * w + px0 + scale, (byte) 0);
                        }
                    }
                }
            }
        }
        return new CellReader.Picture(blur(grey, w, h), w, h);
    }

    /** How many times a row is scaled up for OCR: to about {@link #OCR_HEIGHT} pixels high. */
    private static int ocrScale(CellGrid g) {
        return Math.max(1, Math.round((float) OCR_HEIGHT / g.height()));
    }

    /** A 3x3 box blur: a bitmap font scaled up has square steps, which the recogniser, trained on smooth type, misreads. */
    private static byte[] blur(byte[] grey, int w, int h) {
        byte[] out = new byte[grey.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= h) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        if (xx >= 0 && xx < w) {
                            sum += grey[yy * w + xx] & 0xFF;
                            n++;
                        }
                    }
                }
                out[y * w + x] = (byte) (sum / n);
            }
        }
        return out;
    }

    /** What OCR reads as typography a console shows as ASCII: ’ ‘ ´ as ', “ ” as ", — – as -. */
    private static int plain(int cp) {
        return switch (cp) {
            case 0x2019, 0x2018, 0x00B4 -> '\'';
            case 0x201C, 0x201D -> '"';
            case 0x2014, 0x2013, 0x2212 -> '-';
            default -> cp;
        };
    }

    /**
     * Gives each text cell of row {@code r} the character OCR read on it, when the reading
     * lines up with the row: one character per inked cell, each on its own cell. Whether it did.
     */
    private boolean vote(CellShapes.Cells cells, int r, List<CellReader.Symbol> symbols, int[] band) {
        CellGrid g = cells.grid();
        int scale = ocrScale(g);
        int pad = g.height() * scale / 2;
        int from = span(cells, r)[0];
        // the words of the row: runs of text cells; a word read as as many characters as it has
        // cells takes them in order, for OCR's boxes of a small font's narrow letters drift by a
        // cell (Courier 7x13's "quiet": its q's box fell on the u, and the q was never voted)
        int[] wordOf = new int[g.cols()];
        List<int[]> words = new ArrayList<>();
        for (int c = 0; c < g.cols(); c++) {
            int s = cells.shapeOf()[r * g.cols() + c];
            boolean isText = s >= 0 && known.get(cells.shapes().get(s)).geometric < 0;
            if (!isText) {
                wordOf[c] = -1;
                continue;
            }
            if (c == 0 || wordOf[c - 1] < 0) {
                words.add(new int[] {c, c});
            }
            wordOf[c] = words.size() - 1;
            words.get(words.size() - 1)[1] = c;
        }
        int text = 0;
        for (int[] word : words) {
            text += word[1] - word[0] + 1;
        }
        List<CellReader.Symbol> ordered = new ArrayList<>(symbols);
        ordered.sort(java.util.Comparator.comparingInt(CellReader.Symbol::left));
        int[] at = new int[ordered.size()];
        int[] inWord = new int[words.size()];
        for (int i = 0; i < at.length; i++) {
            CellReader.Symbol sym = ordered.get(i);
            double centre = ((sym.left() + sym.right()) / 2.0 - pad) / scale;
            int c = from + (int) Math.floor(centre / g.width());
            boolean one = sym.text().codePointCount(0, sym.text().length()) == 1;
            at[i] = one && c >= 0 && c < g.cols() && wordOf[c] >= 0 ? c : -1;
            if (at[i] >= 0) {
                inWord[wordOf[at[i]]]++;
            }
        }
        int[] got = new int[g.cols()];
        Arrays.fill(got, -1);
        int[] taken = new int[words.size()];
        int wrong = 0;
        for (int i = 0; i < at.length; i++) {
            if (at[i] < 0) {
                wrong++;
                continue;
            }
            int w = wordOf[at[i]];
            int c = inWord[w] == words.get(w)[1] - words.get(w)[0] + 1 ? words.get(w)[0] + taken[w]++ : at[i];
            if (got[c] != -1) {
                wrong++;
                continue;
            }
            got[c] = plain(ordered.get(i).text().codePointAt(0));
        }
        int right = 0;
        for (int cp : got) {
            right += cp >= 0 ? 1 : 0;
        }
        // a reading that does not line up with the cells teaches nothing
        if (text == 0 || right < 0.8 * text || wrong > 0.1 * text + 1) {
            return false;
        }
        for (int c = 0; c < g.cols(); c++) {
            if (got[c] >= 0) {
                CellShapes.Shape shape = cells.shapes().get(cells.shapeOf()[r * g.cols() + c]);
                if (plausible(got[c], shape.rows(), band)) {
                    known.get(shape).votes.merge(got[c], 1, Integer::sum);
                }
            }
        }
        return true;
    }

    /** Marks that stand in the top of a line of text, at its foot, and across its middle. */
    private static final String HIGH_MARKS = "\"'`^\u00B4\u00B0";
    private static final String LOW_MARKS = ".,_";
    private static final String THIN_MARKS = "-=~";

    /** The rows of the cells that the frame's shapes ink, {top, bottom}: its text's height ({-1, -1} for none). */
    private static int[] band(CellShapes.Cells cells) {
        int top = Integer.MAX_VALUE;
        int bottom = -1;
        for (CellShapes.Shape s : cells.shapes()) {
            top = Math.min(top, ShapeCharacters.top(s.rows()));
            bottom = Math.max(bottom, ShapeCharacters.bottom(s.rows()));
        }
        return bottom < 0 ? new int[] {-1, -1} : new int[] {top, bottom};
    }

    /**
     * Whether OCR's reading {@code cp} can be a shape this tall: a quote mark is ink in the top of
     * the text's rows only ({@code band}, from {@link #band}), a full stop at their foot, a dash
     * across a few middle rows (OCR reads this VGA 8x8's slanted '/' as '"').
     */
    private static boolean plausible(int cp, int[] rows, int[] band) {
        boolean high = HIGH_MARKS.indexOf(cp) >= 0;
        boolean low = LOW_MARKS.indexOf(cp) >= 0;
        boolean thin = THIN_MARKS.indexOf(cp) >= 0;
        if (!high && !low && !thin) {
            return true;
        }
        int top = ShapeCharacters.top(rows);
        int bottom = ShapeCharacters.bottom(rows);
        if (bottom < 0 || band[1] < 0) {
            return true;
        }
        double middle = (band[0] + band[1]) / 2.0;
        int height = band[1] - band[0] + 1;
        return high ? bottom < middle : low ? top > middle : bottom - top + 1 <= height / 2;
    }
}
