package io.vaxiin.vision;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Reads the successive frames of ONE console, reading only what changed: an unchanged frame is
 * not read again, and a frame that changed in a few character rows re-reads only those rows
 * (a {@link ChangeTracker} over the grid reader). A console in a bitmap font nobody shipped is
 * read in a font of its {@link FontLibrary} (saved in a file, or learnt on another console of
 * the process) when one fits, else has its font learnt from its own frames ({@link FontLearner});
 * either way it is then read on the grid in that font, as a shipped one is, and shapes the font
 * lacks are learnt as they appear. What no grid reads goes to OCR, started the first time it is
 * needed. One per console connection; close it to free the OCR engine.
 */
public final class ConsoleReader implements TextReader, AutoCloseable {

    private final GridTextReader shipped = new GridTextReader();
    private final ChangeTracker tracker;
    private final FontLibrary library;
    private final FontLearner learner = new FontLearner();
    /** The grid in this console's own font (learnt here or found in the library), once there is one. */
    private ChangeTracker learnt;
    private BitmapFont learntFont;
    /** Whether the last frame was read in the learnt font: the next one is tried in it first. */
    private boolean inLearntFont;
    /** The text of the last frame read in the learnt font with cells it lacks, which was learnt from (not again). */
    private String lastLearntFrom;
    /** How many times frames read in the learnt font were learnt from. */
    private int relearnt;

    /**
     * Frames read in a console's own font that it learns from at most: a console shows the
     * characters it has a few times over (a prompt, a dialog, a setup page); a cell that is never
     * learnt (a cursor over a glyph, a logo) costs no OCR on every frame of a long watch.
     */
    static final int RELEARNS = 16;
    private TesseractReader ocr;
    private BufferedImage lastImage;
    private ScreenText last;

    /**
     * A frame a shipped font finds its grid on is that font's console while at most one cell in
     * this many it reads is unknown (a cursor, an odd glyph); more is a font it does not ship.
     */
    static final int SHIPPED_CELLS_PER_UNKNOWN = 20;

    /** A reader whose fonts beyond the shipped ones are only those it learns. */
    public ConsoleReader() {
        this(FontLibrary.empty());
    }

    /** A reader that reads in the fonts of {@code library} too, and adds to it what it learns. */
    public ConsoleReader(FontLibrary library) {
        this.library = library;
        this.tracker = new ChangeTracker(shipped, this::ocrRead);
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
            ScreenText own = inLearntFont ? inOwnFont(image, true) : null;
            inLearntFont = own != null && !own.lines().isEmpty();
            last = inLearntFont ? own : tracker.read(image);
            lastImage = image;
        }
        return last;
    }

    /**
     * The frame read in this console's own font; shapes that font lacks (a character not shown
     * before) are learnt first. Null when the font lacks some and a shipped font reads the frame
     * ({@code tryShipped}: the shipped fonts have not been tried on it yet): the console is that
     * font's (its own was learnt from an odd frame, a logo beside its text), and a frame must read
     * the same however often it is read.
     */
    private ScreenText inOwnFont(BufferedImage image, boolean tryShipped) {
        ScreenText own = learnt.read(image);
        String text = own.text();
        if (text.indexOf('\uFFFD') < 0) {
            return own;
        }
        if (tryShipped && shipped.analyse(image).confident()) {
            return null;
        }
        if (!text.equals(lastLearntFrom) && relearnt < RELEARNS) {
            lastLearntFrom = text;
            relearnt++;
            BitmapFont font = learner.learn(Pixels.rgb(image), image.getWidth(), image.getHeight(), ocr()::symbols);
            if (font != null && font != learntFont) {
                use(font);
                own = learnt.read(image);
            }
        }
        return own;
    }

    /**
     * A frame no shipped font reads: read in a font of the library if one fits; else learnt
     * from, and read in its own font if it is a character grid; else OCR's. A frame on which a
     * shipped font found its grid but a few cells it does not know (a cursor, an odd glyph) is
     * that font's console: OCR reads it, as before, and no font is learnt from it. Many unknown
     * cells are another font that draws some glyphs as a shipped one does (Spleen 8x16's dialog
     * box is Terminus 8x16's): that console is learnt.
     */
    private ScreenText ocrRead(BufferedImage image) {
        GridTextReader.Reading shipped = tracker.unconfident();
        if (shipped != null && shipped.grid() != null
                && (long) shipped.unknownCells() * SHIPPED_CELLS_PER_UNKNOWN <= shipped.glyphCells()) {
            return ocr().read(image);
        }
        GridTextReader known = library.reader();
        if (known != null) {
            GridTextReader.Reading reading = known.analyse(image);
            if (reading.confident()) {
                BitmapFont font = reading.grid().font();
                if (font != learntFont) {
                    learner.seed(font);
                    use(font);
                }
                ScreenText own = inOwnFont(image, false); // the shipped fonts did not read it: that is why it is here
                if (own != null && !own.lines().isEmpty()) {
                    inLearntFont = true;
                    return own;
                }
            }
        }
        BitmapFont font = learner.learn(Pixels.rgb(image), image.getWidth(), image.getHeight(), ocr()::symbols);
        if (font != null) {
            if (font != learntFont) {
                use(font);
            }
            ScreenText own = learnt.read(image);
            if (!own.lines().isEmpty()) {
                inLearntFont = true;
                return own;
            }
        }
        return ocr().read(image);
    }

    /** Reads this console in {@code font} from now on, and lets the library's other consoles read in it too. */
    private void use(BitmapFont font) {
        learntFont = font;
        learnt = new ChangeTracker(new GridTextReader(List.of(font)));
        if (!library.files().contains(font)) {
            library.learnt(this, font);
        }
    }

    /** The font this console is read in when no shipped font reads it (learnt here, or found in the library), or null. */
    public synchronized BitmapFont learntFont() {
        return learntFont;
    }

    /** Whether this reader has needed OCR yet (a console read in a font it had from its library never does). */
    synchronized boolean ocrStarted() {
        return ocr != null;
    }

    private TesseractReader ocr() {
        if (ocr == null) ocr = new TesseractReader();
        return ocr;
    }

    @Override
    public synchronized void close() {
        library.closed(this);
        if (ocr != null) ocr.close();
    }
}
