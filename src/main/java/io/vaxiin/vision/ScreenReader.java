package io.vaxiin.vision;

import java.awt.image.BufferedImage;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The reader the engine uses: the exact grid reader when the screen is a known bitmap font and
 * it reads confidently, else OCR (started only the first time it is needed). The text says
 * which one read it in {@link ScreenText#reader()}.
 */
public final class ScreenReader implements TextReader, AutoCloseable {

    private final GridTextReader grid;
    private final Supplier<TextReader> fallbackFactory;
    private TextReader fallback;

    /** Grid reading of the VGA font, Tesseract for the rest. */
    public ScreenReader() {
        this(new GridTextReader(), TesseractReader::new);
    }

    /** Grid reading with {@code grid}, and {@code fallback} (made on first need) for the rest. */
    public ScreenReader(GridTextReader grid, Supplier<TextReader> fallback) {
        this.grid = grid;
        this.fallbackFactory = fallback;
    }

    @Override
    public ScreenText read(BufferedImage image) {
        Optional<ScreenText> exact = grid.tryRead(image);
        return exact.isPresent() ? exact.get() : fallback().read(image);
    }

    private synchronized TextReader fallback() {
        if (fallback == null) {
            fallback = fallbackFactory.get();
        }
        return fallback;
    }

    @Override
    public synchronized void close() {
        if (fallback instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Nothing to do: the OCR engine is going away with the process or the run.
            }
        }
    }
}
