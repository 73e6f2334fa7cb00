package io.vaxiin.vision;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a stream of frames of one console without reading the same thing twice: an unchanged
 * frame gives the text read before at the cost of one pixel compare; a frame that changed in a
 * few character rows re-reads only those rows with the grid found before. When the grid does
 * not read the frame confidently, the fallback (OCR) reads it, and that result is kept too.
 * A frame a viewer scaled is re-read whole (with the grid found before) when it changes.
 *
 * <p>Holds one copy of the last frame's pixels. Thread-safe (one frame at a time).
 */
public final class ChangeTracker implements TextReader {

    private final GridTextReader grid;
    private final TextReader fallback;

    /** A 64-bit hash of each pixel row of the last frame read (not a copy of it: a watched fleet keeps one tracker per screen). */
    private long[] previous;
    private int width;
    private int height;
    private GridTextReader.Grid found;
    private String[] lines;
    private int[] glyphs;
    private int[] unknown;
    private int screenBackground;
    private ScreenText last;
    private int rowsRead;
    /** The grid reader's reading of the frame being handed to the fallback (not confident), while it reads it. */
    private GridTextReader.Reading unconfident;

    /** Grid reading only: a frame it cannot read confidently gives empty text. */
    public ChangeTracker(GridTextReader grid) {
        this(grid, null);
    }

    /** Grid reading, and {@code fallback} (may be null) for frames it cannot read. */
    public ChangeTracker(GridTextReader grid, TextReader fallback) {
        this.grid = grid;
        this.fallback = fallback;
    }

    @Override
    public synchronized ScreenText read(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = Pixels.rgb(image);
        rowsRead = 0;
        long[] rows = rowHashes(px, w, h);
        if (last != null && previous != null && w == width && h == height) {
            if (Arrays.equals(rows, previous)) {
                return last;
            }
            if (found != null && !found.scaled() && lines != null && readChangedRows(px, w, rows)) {
                remember(rows, w, h);
                return last;
            }
        }
        GridTextReader.Reading reading = grid.analyse(px, w, h, found);
        if (reading.confident()) {
            keepGrid(px, w, reading);
            last = reading.text();
        } else {
            lines = null;
            unconfident = reading;
            try {
                last = fallback != null ? fallback.read(image) : new ScreenText(List.of(), GridTextReader.NAME);
            } finally {
                unconfident = null;
            }
        }
        remember(rows, w, h);
        return last;
    }

    /**
     * For the fallback, while it reads a frame: what the grid reader made of it (a grid of a
     * shipped font with a few unknown cells, or no grid at all); null otherwise.
     */
    synchronized GridTextReader.Reading unconfident() {
        return unconfident;
    }

    /** How many character rows the last {@link #read} decoded (0 for an unchanged frame). */
    public synchronized int rowsReadLastTime() {
        return rowsRead;
    }

    /** Re-reads the grid rows whose pixels changed; false when the result is not confident. */
    private boolean readChangedRows(int[] px, int w, long[] rowHashes) {
        CellMatching.Row row = new CellMatching.Row(found.cols());
        row.screenBackground = screenBackground;
        String[] newLines = lines.clone();
        int[] newGlyphs = glyphs.clone();
        int[] newUnknown = unknown.clone();
        int read = 0;
        for (int r = 0; r < found.rows(); r++) {
            int from = found.originY() + r * found.cellHeight();
            if (Arrays.mismatch(rowHashes, from, from + found.cellHeight(), previous, from, from + found.cellHeight()) < 0) {
                continue;
            }
            newLines[r] = grid.readRow(px, w, found, r, row);
            newGlyphs[r] = row.glyphs;
            newUnknown[r] = row.unknown;
            read++;
        }
        long totalGlyphs = Arrays.stream(newGlyphs).asLongStream().sum();
        long totalUnknown = Arrays.stream(newUnknown).asLongStream().sum();
        rowsRead = read;
        if (totalGlyphs == 0 || totalUnknown * GridTextReader.GLYPHS_PER_UNKNOWN_ALLOWED > totalGlyphs) {
            return false;
        }
        lines = newLines;
        glyphs = newGlyphs;
        unknown = newUnknown;
        last = found.text(List.of(lines));
        return true;
    }

    private void keepGrid(int[] px, int w, GridTextReader.Reading reading) {
        found = reading.grid();
        screenBackground = GridRows.screenBackground(px, w, found);
        int rows = found.rows();
        lines = reading.lines().toArray(new String[0]);
        glyphs = new int[rows];
        unknown = new int[rows];
        // per-row counts for later partial re-reads, as the reader counts them: a non-blank
        // character is a glyph, U+FFFD an unknown cell
        for (int r = 0; r < rows; r++) {
            String line = lines[r];
            for (int i = 0; i < line.length(); i++) {
                char ch = line.charAt(i);
                if (ch == '\uFFFD') {
                    unknown[r]++;
                } else if (ch != ' ') {
                    glyphs[r]++;
                }
            }
        }
        rowsRead = rows;
    }

    private void remember(long[] rows, int w, int h) {
        previous = rows;
        width = w;
        height = h;
    }

    /**
     * Each pixel row's hash (a 64-bit multiply-xorshift mix of its pixels): two rows with the same
     * hash are taken to be the same, a collision being about one in 2^64 per changed row.
     */
    static long[] rowHashes(int[] px, int w, int h) {
        long[] rows = new long[h];
        for (int y = 0; y < h; y++) {
            long hash = 0x9E3779B97F4A7C15L ^ w;
            for (int i = y * w, end = i + w; i < end; i++) {
                hash = (hash ^ (px[i] & 0xFFFFFFFFL)) * 0xFF51AFD7ED558CCDL;
                hash ^= hash >>> 32;
            }
            rows[y] = hash;
        }
        return rows;
    }
}
