package io.vaxiin.vision;

import java.awt.image.BufferedImage;

/**
 * Reads the successive frames of ONE console, reading only what changed: an unchanged frame is
 * not read again, and a frame that changed in a few character rows re-reads only those rows
 * (a {@link ChangeTracker} over the grid reader). A console in a bitmap font nobody shipped has
 * its font learnt from its own frames ({@link FontLearner}) and is then read on the grid in that
 * font, as a shipped one is; what no grid reads goes to OCR, started the first time it is
 * needed. One per console connection; close it to free the OCR engine.
 */
public final class ConsoleReader implements TextReader, AutoCloseable {

    private final ChangeTracker tracker;
    private final FontLearner learner = new FontLearner();
    /** The grid in the font learnt on this console, once one is. */
    private ChangeTracker learnt;
    private BitmapFont learntFont;
    /** Whether the last frame was read in the learnt font: the next one is tried in it first. */
    private boolean inLearntFont;
    private TesseractReader ocr;
    private BufferedImage lastImage;
    private ScreenText last;

    public ConsoleReader() {
        this.tracker = new ChangeTracker(new GridTextReader(), this::ocrRead);
    }

    /**
     * The text of {@code image}. A console's frames are immutable snapshots, so the very same
     * frame again costs nothing; an equal copy costs one pixel compare; a frame that changed in a
     * few rows re-reads those rows.
     */
    @Override
    public synchronized ScreenText read(BufferedImage image) {
        if (image != lastImage || last == null) {
            // a console the shipped fonts read is read by them first: a font learnt on one odd frame of it never wins
            ScreenText own = inLearntFont ? learnt.read(image) : null;
            inLearntFont = own != null && !own.lines().isEmpty();
            last = inLearntFont ? own : tracker.read(image);
            lastImage = image;
        }
        return last;
    }

    /**
     * A frame no shipped font reads: learnt from, and read in its own font if it is a character
     * grid; else OCR's. A frame on which a shipped font found its grid but a few cells it does not
     * know (a cursor, an odd glyph) is that font's console: OCR reads it, as before, and no font is
     * learnt from it.
     */
    private ScreenText ocrRead(BufferedImage image) {
        GridTextReader.Reading shipped = tracker.unconfident();
        if (shipped != null && shipped.grid() != null) {
            return ocr().read(image);
        }
        BitmapFont font = learner.learn(Pixels.rgb(image), image.getWidth(), image.getHeight(), ocr()::symbols);
        if (font != null) {
            if (font != learntFont) {
                learntFont = font;
                learnt = new ChangeTracker(new GridTextReader(java.util.List.of(font)));
            }
            ScreenText own = learnt.read(image);
            if (!own.lines().isEmpty()) {
                inLearntFont = true;
                return own;
            }
        }
        return ocr().read(image);
    }

    /** The font learnt on this console so far, or null. */
    public synchronized BitmapFont learntFont() {
        return learntFont;
    }

    private TesseractReader ocr() {
        if (ocr == null) ocr = new TesseractReader();
        return ocr;
    }

    @Override
    public synchronized void close() {
        if (ocr != null) ocr.close();
    }
}
