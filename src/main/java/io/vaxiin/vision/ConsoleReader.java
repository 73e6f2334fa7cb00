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

    public ConsoleReader() {
        this.tracker = new ChangeTracker(new GridTextReader(), this::ocrRead);
    }

    @Override
    public ScreenText read(BufferedImage image) {
        return tracker.read(image);
    }

    private ScreenText ocrRead(BufferedImage image) {
        return ocr().read(image);
    }

    private synchronized TesseractReader ocr() {
        if (ocr == null) ocr = new TesseractReader();
        return ocr;
    }

    @Override
    public synchronized void close() {
        if (ocr != null) ocr.close();
    }
}
