package io.vaxiin.vision;

import java.awt.image.BufferedImage;

/**
 * Reads the successive frames of ONE console, reading only what changed: an unchanged frame is
 * not read again, and a frame that changed in a few character rows re-reads only those rows
 * (a {@link ChangeTracker} over the grid reader); what the grid cannot read goes to OCR, started
 * the first time it is needed. One per console connection; close it to free the OCR engine.
 */
public final class ConsoleReader implements TextReader, AutoCloseable {

    private final ChangeTracker tracker;
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
            last = tracker.read(image);
            lastImage = image;
        }
        return last;
    }

    private ScreenText ocrRead(BufferedImage image) {
        return ocr().read(image);
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
