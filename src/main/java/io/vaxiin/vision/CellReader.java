package io.vaxiin.vision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the lines of a monospaced TrueType terminal cell by cell, learning each glyph's shape
 * from OCR once: the OCR engine reads a few words, each read character teaches its cell's shape,
 * and every cell of a shape already learnt reads without OCR. The cells of a frame are first
 * grouped by shape: the same glyph in another colour differs only by rounding
 * ({@link #SAME_SHAPE_LOSSLESS}), in a JPEG frame by noise ({@link #SAME_SHAPE}; there cells
 * that only catch a neighbour's ringing are blank). On a first frame the words read are chosen
 * greedily, most unknown groups per cell first, two at a time (one per OCR engine), so that a
 * dense screen of a few dozen distinct glyphs costs a few dozen short OCR calls instead of every
 * line; the frames that follow mostly read without any.
 *
 * <p>Trust comes from the grid and the alignment: a word teaches only when the engine read
 * exactly one character for each inked cell of it, in order, each on its cell or beside it; if
 * the word alone does not align, it is tried again with the words beside it. Any other reading
 * teaches nothing and its line is read by OCR as a whole, as without a grid. A shape read several
 * times keeps the character most readings gave it (a '0' misread as 'O' once in a hex dump stays
 * '0'). A frame whose cells do not repeat (no terminal) is not read this way at all.
 *
 * <p>Not thread-safe: {@link TesseractReader} calls it under its own lock.
 */
final class CellReader {

    /** A word read alone is widened with its neighbours to at least this many cells: context for the recogniser. */
    static final int MIN_SEGMENT_CELLS = 6;
    /** Use cells only when the inked cells repeat: at most this share of them distinct shapes. */
    static final double MAX_DISTINCT_SHARE = 0.34;
    /** A frame is lossless when at least this share of its blank cells are exactly one colour. */
    static final double LOSSLESS_BLANKS = 0.9;
    /** Give up the grid on a frame after this many words that did not align and none that did. */
    static final int MAX_FAILED_WORDS = 3;
    /**
     * Shapes at most this far apart ({@link TerminalGrid#difference}) are one glyph in a lossy
     * frame. Measured on a JPEG (quality 60) of an xterm in Liberation Mono 12: one glyph's
     * cells lie up to 19 apart, two glyphs' at least 33.
     */
    static final int SAME_SHAPE = 24;
    /**
     * Shapes at most this far apart are one glyph in a lossless frame: the same glyph in another
     * colour rounds a few pixels to other steps (a distance of 1 to 3).
     */
    static final int SAME_SHAPE_LOSSLESS = 8;
    /** In a lossy frame, a cell this much fainter than its line's strongest is blank ({@link #blankFaint}). */
    static final double FAINT = 0.4;
    /** Shapes remembered, the least recently used first out. */
    static final int LEARNED_SHAPES = 2_048;

    /** What an OCR engine read in grey pictures: per picture, one entry per character, with its picture columns. */
    interface Recogniser {
        List<Symbol> symbols(Picture picture);

        /** Several pictures, maybe at once on several engines; by default one after another. */
        default List<List<Symbol>> symbols(List<Picture> pictures) {
            List<List<Symbol>> out = new ArrayList<>();
            for (Picture p : pictures) {
                out.add(symbols(p));
            }
            return out;
        }
    }

    /** A grey picture, one byte a pixel, row after row. */
    record Picture(byte[] grey, int width, int height) {
    }

    /** One character read, from picture column {@code left} to {@code right} inclusive. */
    record Symbol(String text, int left, int right) {
    }


    /** Glyph shapes learnt, least recently used first, matched by shape distance rather than exactly. */
    private final List<Shape> shapes = new ArrayList<>();

    /** A shape learnt, and its character. */
    private record Shape(byte[] pixels, Learned learned) {
    }

    private TerminalGrid grid;
    private int recognised;
    /** The characters of the groups of the frame being read (its cell pictures are group numbers). */
    private Map<TerminalGrid.Cell, Learned> known = new HashMap<>();

    /** A cell picture's character and how sure: votes for it minus votes against. */
    private static final class Learned {
        int codePoint;
        int votes;
    }

    /** One line of the frame on the grid: its row, and its cells and their shapes from column {@code first}. */
    private record GridLine(int index, ScreenLines.Line line, int row, int first, TerminalGrid.Cell[] cells, byte[][] shapes) {
    }

    /** A run of inked cells of a line, columns {@code from..to} of it (indexes into its cells). */
    private record Word(GridLine line, int from, int to) {
    }

    /** How many OCR calls the last {@link #read} made. */
    int recognisedLastRead() {
        return recognised;
    }

    void forget() {
        shapes.clear();
        grid = null;
    }

    /**
     * The text of each of {@code lines} that reads by its cells, null for the others (not on a
     * grid, or a cell not learnt); null altogether when the frame shows no terminal grid.
     */
    String[] read(int[] rgb, int width, int height, List<ScreenLines.Line> lines, Recogniser ocr) {
        recognised = 0;
        if (grid == null || !grid.fits(lines, width, height)) {
            grid = TerminalGrid.find(lines, width, height);
        }
        if (grid == null) {
            return null;
        }
        List<GridLine> gridLines = new ArrayList<>();
        int inked = 0;
        int blank = 0;
        int flat = 0;
        for (int i = 0; i < lines.size(); i++) {
            GridLine g = cells(rgb, i, lines.get(i));
            if (g == null) {
                continue;
            }
            gridLines.add(g);
            for (int c = 0; c < g.shapes().length; c++) {
                if (g.shapes()[c] != null) {
                    inked++;
                } else {
                    blank++;
                    flat += grid.uniform(rgb, g.row(), g.first() + c) ? 1 : 0;
                }
            }
        }
        if (inked == 0) {
            return null;
        }
        // a lossless frame's blank cells are one colour each; a JPEG's carry noise
        boolean lossy = flat < LOSSLESS_BLANKS * blank;
        if (lossy) {
            for (GridLine g : gridLines) {
                blankFaint(rgb, g);
            }
        }
        int alike = lossy ? SAME_SHAPE : SAME_SHAPE_LOSSLESS;
        List<byte[]> leaders = group(gridLines, alike, (int) (MAX_DISTINCT_SHARE * inked));
        if (leaders == null) {
            return null;
        }
        known = recall(leaders, alike);
        learnUnknownWords(gridLines, ocr);
        String[] out = new String[lines.size()];
        for (GridLine g : gridLines) {
            out[g.index()] = text(g);
        }
        remember(leaders);
        return out;
    }

    /**
     * In a lossy frame, a cell next to a glyph catches some of its ringing: a cell whose
     * strongest pixel stands less than {@link #FAINT} of the way the line's strongest cell does
     * from its background is blank.
     */
    private void blankFaint(int[] rgb, GridLine g) {
        byte[][] shapes = g.shapes();
        int[] contrast = new int[shapes.length];
        int strongest = 0;
        for (int c = 0; c < shapes.length; c++) {
            if (shapes[c] != null) {
                contrast[c] = grid.contrast(rgb, g.row(), g.first() + c);
                strongest = Math.max(strongest, contrast[c]);
            }
        }
        for (int c = 0; c < shapes.length; c++) {
            if (shapes[c] != null && contrast[c] < FAINT * strongest) {
                shapes[c] = null;
                g.cells()[c] = TerminalGrid.Cell.BLANK;
            }
        }
    }

    /**
     * Groups the inked cells of a frame by shape: each cell joins the nearest group whose
     * first shape is at most {@code alike} away, or starts one; its picture becomes its
     * group's number. The first shape of each group, in order; null as soon as there would be
     * more than {@code maxGroups}.
     */
    private static List<byte[]> group(List<GridLine> lines, int alike, int maxGroups) {
        List<byte[]> leaders = new ArrayList<>();
        for (GridLine g : lines) {
            for (int c = 0; c < g.cells().length; c++) {
                byte[] shape = g.shapes()[c];
                if (shape == null) {
                    continue;
                }
                int best = -1;
                int bestDistance = alike;
                for (int k = 0; k < leaders.size(); k++) {
                    byte[] leader = leaders.get(k);
                    if (leader.length == shape.length) {
                        int d = TerminalGrid.difference(leader, shape, bestDistance);
                        if (d <= bestDistance) {
                            best = k;
                            bestDistance = d;
                        }
                    }
                }
                if (best < 0) {
                    if (leaders.size() == maxGroups) {
                        return null; // the cells do not repeat: no terminal, or too noisy
                    }
                    best = leaders.size();
                    leaders.add(shape);
                }
                g.cells()[c] = new TerminalGrid.Cell(GROUP, best);
            }
        }
        return leaders;
    }

    /** Marks a cell picture as a group number of a lossy frame ({@link #group}). */
    private static final long GROUP = 0x6C6F737379L;

    /** The characters of a lossy frame's groups that shapes learnt before tell. */
    private Map<TerminalGrid.Cell, Learned> recall(List<byte[]> leaders, int alike) {
        Map<TerminalGrid.Cell, Learned> frame = new HashMap<>();
        for (int k = 0; k < leaders.size(); k++) {
            Shape best = null;
            int bestDistance = alike;
            for (Shape s : shapes) {
                if (s.pixels().length == leaders.get(k).length) {
                    int d = TerminalGrid.difference(s.pixels(), leaders.get(k), bestDistance);
                    if (d <= bestDistance) {
                        best = s;
                        bestDistance = d;
                    }
                }
            }
            if (best != null) {
                frame.put(new TerminalGrid.Cell(GROUP, k), best.learned());
                shapes.remove(best);   // used again: last out
                shapes.add(best);
            }
        }
        return frame;
    }

    /** Keeps the shapes of a lossy frame's groups learnt on it, for the frames that follow. */
    private void remember(List<byte[]> leaders) {
        for (Map.Entry<TerminalGrid.Cell, Learned> e : known.entrySet()) {
            byte[] leader = leaders.get((int) e.getKey().b());
            boolean kept = false;
            for (Shape s : shapes) {
                kept |= s.learned() == e.getValue();
            }
            if (!kept) {
                shapes.add(new Shape(leader, e.getValue()));
            }
        }
        while (shapes.size() > LEARNED_SHAPES) {
            shapes.remove(0);
        }
    }

    private GridLine cells(int[] rgb, int index, ScreenLines.Line line) {
        if (line.block()) {
            return null;
        }
        int row = grid.row(line);
        if (row < 0) {
            return null;
        }
        int first = grid.column(line.box().x);
        int last = grid.column(line.box().x + line.box().width - 1);
        if (!grid.inside(row, first) || !grid.inside(row, last)) {
            return null;
        }
        TerminalGrid.Cell[] cells = new TerminalGrid.Cell[last - first + 1];
        byte[][] shapes = new byte[cells.length][];
        for (int c = first; c <= last; c++) {
            shapes[c - first] = grid.shape(rgb, row, c);
            cells[c - first] = TerminalGrid.Cell.BLANK; // inked cells get their group in group()
        }
        return new GridLine(index, line, row, first, cells, shapes);
    }

    /** The line's text from its cells (blank cells are spaces), or null when a cell is not learnt. */
    private String text(GridLine g) {
        StringBuilder sb = new StringBuilder(g.cells().length);
        for (TerminalGrid.Cell c : g.cells()) {
            if (c.blank()) {
                sb.append(' ');
                continue;
            }
            Learned l = known.get(c);
            if (l == null) {
                return null;
            }
            sb.appendCodePoint(l.codePoint);
        }
        return sb.toString().strip();
    }

    /** Reads words with unknown cell pictures, most unknown pictures per cell first, until none is left. */
    private void learnUnknownWords(List<GridLine> lines, Recogniser ocr) {
        List<Word> words = new ArrayList<>();
        for (GridLine g : lines) {
            int start = -1;
            for (int c = 0; c <= g.cells().length; c++) {
                boolean ink = c < g.cells().length && !g.cells()[c].blank();
                if (ink && start < 0) {
                    start = c;
                } else if (!ink && start >= 0) {
                    words.add(new Word(g, start, c - 1));
                    start = -1;
                }
            }
        }
        Set<GridLine> failedLines = new HashSet<>();
        int failed = 0;
        int aligned = 0;
        while (true) {
            // the best word, and the best other word among those of other lines once its pictures are known
            Word best = best(words, failedLines, Set.of(), null);
            if (best == null) {
                return;
            }
            Word second = best(words, failedLines, unknownSet(best), best.line());
            List<Word> batch = new ArrayList<>();
            batch.add(segment(best, words));
            if (second != null) {
                batch.add(segment(second, words));
            }
            List<Crop> crops = new ArrayList<>();
            for (Word w : batch) {
                crops.add(crop(w));
            }
            List<Picture> pictures = new ArrayList<>();
            for (Crop c : crops) {
                if (c != null) {
                    pictures.add(c.picture());
                }
            }
            recognised += pictures.size();
            List<List<Symbol>> read = ocr.symbols(pictures);
            for (int i = 0, r = 0; i < batch.size(); i++) {
                Word segment = batch.get(i);
                boolean ok = crops.get(i) != null && align(segment, crops.get(i), read.get(r++));
                // not alone: with a word more on each side, then with its whole line
                for (Word wider : List.of(widened(segment, words))) {
                    if (ok || wider.equals(segment)) {
                        continue;
                    }
                    Crop c = crop(wider);
                    if (c != null) {
                        recognised++;
                        ok = align(wider, c, ocr.symbols(c.picture()));
                    }
                    segment = wider;
                }
                if (ok) {
                    aligned++;
                } else {
                    failedLines.add(segment.line());
                    failed++;
                }
            }
            if (aligned == 0 && failed >= MAX_FAILED_WORDS) {
                return;
            }
        }
    }

    /**
     * The word with the most unknown pictures per cell, not counting those in {@code known}, on
     * a line neither failed nor {@code notOn}; null when no word has one.
     */
    private Word best(List<Word> words, Set<GridLine> failedLines, Set<TerminalGrid.Cell> known, GridLine notOn) {
        Word best = null;
        double bestScore = 0;
        for (Word w : words) {
            if (failedLines.contains(w.line()) || w.line() == notOn) {
                continue;
            }
            int unknown = unknownPictures(w, known);
            double score = unknown / (w.to() - w.from() + 5.0);
            if (unknown > 0 && score > bestScore) {
                bestScore = score;
                best = w;
            }
        }
        return best;
    }

    /** The word's pictures not learnt yet. */
    private Set<TerminalGrid.Cell> unknownSet(Word w) {
        Set<TerminalGrid.Cell> out = new HashSet<>();
        for (int c = w.from(); c <= w.to(); c++) {
            if (!known.containsKey(w.line().cells()[c])) {
                out.add(w.line().cells()[c]);
            }
        }
        return out;
    }

    private int unknownPictures(Word w, Set<TerminalGrid.Cell> alsoKnown) {
        int unknown = 0;
        TerminalGrid.Cell[] cells = w.line().cells();
        for (int c = w.from(); c <= w.to(); c++) {
            if (!known.containsKey(cells[c]) && !alsoKnown.contains(cells[c])) {
                boolean seen = false;
                for (int d = w.from(); d < c && !seen; d++) {
                    seen = cells[d].equals(cells[c]);
                }
                if (!seen) {
                    unknown++;
                }
            }
        }
        return unknown;
    }

    /** The word widened by the words beside it on its line to at least {@link #MIN_SEGMENT_CELLS} cells. */
    private static Word segment(Word w, List<Word> words) {
        List<Word> same = new ArrayList<>();
        for (Word o : words) {
            if (o.line() == w.line()) {
                same.add(o);
            }
        }
        int i = same.indexOf(w);
        int lo = i;
        int hi = i;
        while (same.get(hi).to() - same.get(lo).from() + 1 < MIN_SEGMENT_CELLS && (lo > 0 || hi < same.size() - 1)) {
            if (hi < same.size() - 1) {
                hi++;
            }
            if (same.get(hi).to() - same.get(lo).from() + 1 < MIN_SEGMENT_CELLS && lo > 0) {
                lo--;
            }
        }
        return new Word(w.line(), same.get(lo).from(), same.get(hi).to());
    }

    /** The segment with the word before it and the word after it on its line, where there are. */
    private static Word widened(Word w, List<Word> words) {
        int from = w.from();
        int to = w.to();
        int before = Integer.MIN_VALUE;
        int after = Integer.MAX_VALUE;
        for (Word o : words) {
            if (o.line() == w.line()) {
                if (o.to() < w.from()) {
                    before = Math.max(before, o.from());
                } else if (o.from() > w.to()) {
                    after = Math.min(after, o.to());
                }
            }
        }
        return new Word(w.line(), before == Integer.MIN_VALUE ? from : before, after == Integer.MAX_VALUE ? to : after);
    }

    /** A segment's part of its line picture, and where that part starts in the line's picture columns. */
    private record Crop(Picture picture, int k0, int k1) {
    }

    /** The segment's part of its line picture, with the line's margin; null when it holds no column. */
    private Crop crop(Word s) {
        ScreenLines.Line line = s.line().line();
        int[] columns = line.columns();
        int x0 = grid.originX + (s.line().first() + s.from()) * grid.cellWidth;
        int x1 = grid.originX + (s.line().first() + s.to() + 1) * grid.cellWidth - 1;
        int k0 = 0;
        while (k0 < columns.length && columns[k0] < x0) {
            k0++;
        }
        int k1 = columns.length - 1;
        while (k1 >= 0 && columns[k1] > x1) {
            k1--;
        }
        if (k0 > k1) {
            return null;
        }
        int pad = line.pad();
        int cw = k1 - k0 + 1 + 2 * pad;
        int h = line.height();
        byte[] crop = new byte[cw * h];
        Arrays.fill(crop, (byte) 255);
        for (int y = 0; y < h; y++) {
            System.arraycopy(line.grey(), y * line.width() + pad + k0, crop, y * cw + pad, k1 - k0 + 1);
        }
        return new Crop(new Picture(crop, cw, h), k0, k1);
    }

    /**
     * Teaches each inked cell of the segment its character when the engine's reading of its
     * crop aligns one character to each inked cell. Whether it aligned.
     */
    private boolean align(Word s, Crop crop, List<Symbol> symbols) {
        int[] columns = s.line().line().columns();
        int pad = s.line().line().pad();
        int k0 = crop.k0();
        int k1 = crop.k1();
        TerminalGrid.Cell[] cells = s.line().cells();
        int inkedCells = 0;
        for (int c = s.from(); c <= s.to(); c++) {
            if (!cells[c].blank()) {
                inkedCells++;
            }
        }
        if (symbols.size() != inkedCells) {
            return false;
        }
        // the i-th character read is the i-th inked cell; its box must lie on that cell or beside it
        int[] at = new int[symbols.size()];
        int[] code = new int[symbols.size()];
        int c = s.from();
        for (int i = 0; i < symbols.size(); i++, c++) {
            while (cells[c].blank()) {
                c++;
            }
            Symbol sym = symbols.get(i);
            if (sym.text().codePointCount(0, sym.text().length()) != 1) {
                return false;
            }
            int left = columns[Math.max(k0, Math.min(k1, k0 + sym.left() - pad))];
            int right = columns[Math.max(k0, Math.min(k1, k0 + sym.right() - pad))];
            int centre = grid.column((left + right) / 2) - s.line().first();
            if (Math.abs(centre - c) > 1) {
                return false;
            }
            at[i] = c;
            code[i] = sym.text().codePointAt(0);
        }
        for (int i = 0; i < at.length; i++) {
            vote(cells[at[i]], code[i]);
        }
        return true;
    }

    private void vote(TerminalGrid.Cell cell, int codePoint) {
        Learned l = known.get(cell);
        if (l == null) {
            l = new Learned();
            l.codePoint = codePoint;
            known.put(cell, l);
        }
        if (l.codePoint == codePoint) {
            l.votes++;
        } else if (--l.votes <= 0) {
            l.codePoint = codePoint;
            l.votes = 1;
        }
    }
}
