package io.vaxiin.vision;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tesseract.ResultIterator;
import org.bytedeco.tesseract.StringVector;
import org.bytedeco.tesseract.TessBaseAPI;
import org.bytedeco.tesseract.global.tesseract;

/**
 * Reads any screen with Tesseract OCR: the fallback for text that is no known bitmap font
 * (TrueType terminals, scaled or JPEG-degraded frames, graphical setup and stop-error pages).
 *
 * <p>Tesseract alone reads a console badly: it binarises the whole frame with one threshold,
 * so text on coloured bars (inverse video, selection bars, a blue stop screen) vanishes or
 * turns to noise, it runs its page layout over empty screen, and it reads a form's two panels
 * as interleaved lines. So {@link ScreenLines} finds the text lines first (rows of short colour
 * runs, whatever the colours), splits them at ruling lines (panel borders) and beside pictures,
 * renders each line dark-on-light against its own local background (bars become white, a
 * block cursor disappears) and crops it to its ink; Tesseract then reads each line on its own
 * (page segmentation mode 7, one line), which is both more accurate and cheaper than a page.
 * Measured on the shared fixtures: TrueType terminals 96.2% → 98.5% characters, graphical
 * pages 76.9% → 97.7% (the bench's figures, see the commit message).
 *
 * <p>Where text rows touch (a character-set page, a box-drawn dialog, a frame scaled up so that
 * descenders meet the next line's ascenders), ScreenLines cannot tell the lines apart: a band
 * taller than 1.7 usual lines (or than 200 px) is a block, read with Tesseract's own line
 * finder (page segmentation mode 6) and returned as the lines it finds, each with its box (the
 * engine's text-line boxes mapped back to the frame). A block no taller than a line may be can
 * also be one large line (a big glyph): it is read both ways and the more confident reading
 * is kept.
 *
 * <p>Each returned line has its box (frame pixels) in {@link ScreenText#boxes()}; lines come top
 * to bottom, panel by panel; blank rows are not returned, so line N is not row N.
 *
 * <p>Time is the LSTM's and grows with the width of text read (about 20 ms per 500 pixels of
 * a 12-pixel-high line on one core); the preprocessing costs a few tens of milliseconds per
 * 1024×768 frame. A monospaced terminal is mostly read from its cells ({@link CellReader}),
 * which costs a few short OCR calls on a first frame. Other lines are shared between the
 * engine on the calling thread and, on a machine of two cores or more, a second engine on a
 * helper thread. Each engine runs on one core: the bundled Tesseract has no OpenMP (its library
 * imports no GOMP symbol), so {@code OMP_THREAD_LIMIT} does not matter for it (bin/vaxiin still
 * exports it for a system build). Dictionaries are not loaded (they
 * "correct" paths, hex and UUIDs; measured: no accuracy change on the fixtures, less memory).
 *
 * <p>Frames larger than {@value #MAX_PIXELS} pixels are scaled down first, so any image reads in
 * bounded time; images under 8 pixels a side read as empty.
 *
 * <p>Uses the natives bundled in {@code org.bytedeco:tesseract} (no system Tesseract needed) and
 * the {@code eng.traineddata} (the fast LSTM model) bundled in the tess4j jar, copied once to a
 * cache directory. The engine starts on the first read that finds text (~0.3 s) and is kept;
 * close the reader to free it. Thread-safe: one read at a time.
 */
public final class TesseractReader implements TextReader, AutoCloseable {

    /** The {@link ScreenText#reader()} name of this reader. */
    public static final String NAME = "tesseract";

    /** Frames with more pixels than this (3840 × 2400) are scaled down before reading. */
    static final int MAX_PIXELS = 3840 * 2400;

    private static final String TRAINEDDATA = "tessdata/eng.traineddata";

    /** How many lines the cache of lines already read keeps (a few KB each at most: text and boxes). */
    static final int CACHED_LINES = 2_000;

    private final Path dataDir;
    private final boolean twoEngines;
    /** Monospaced terminals: cell pictures learnt from OCR, read without it (see {@link CellReader}). */
    private final CellReader cells = new CellReader();
    private TessBaseAPI api;
    /** The second engine, for a helper thread reading lines beside the caller's. */
    private TessBaseAPI api2;
    private ExecutorService helper;
    private boolean closed;
    /**
     * Lines already read, by their rendered pixels: a frame in which a few lines changed
     * re-reads only those, and a line that only moved (a scroll) is not read again. Keyed by the
     * line picture's size and two independent 64-bit hashes of its pixels; the reads are kept
     * relative to the line's box. At most {@link #CACHED_LINES} entries, least recently used
     * first out.
     */
    private final Map<LineKey, List<Read>> lineCache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LineKey, List<Read>> eldest) {
            return size() > CACHED_LINES;
        }
    };

    /** A reader whose language data goes to {@code ~/.cache/vaxiin/tessdata} (or $XDG_CACHE_HOME). */
    public TesseractReader() {
        this(defaultDataDir());
    }

    /** A reader whose language data is kept in {@code dataDir} (written there on first use). */
    public TesseractReader(Path dataDir) {
        this(dataDir, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /** A reader with one engine, or two when {@code engines} is 2 or more (the second on a helper thread). */
    TesseractReader(Path dataDir, int engines) {
        this.dataDir = dataDir;
        this.twoEngines = engines >= 2;
    }

    static Path defaultDataDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("vaxiin").resolve("tessdata");
    }

    @Override
    public synchronized ScreenText read(BufferedImage image) {
        if (closed) {
            throw new IllegalStateException("this TesseractReader is closed");
        }
        BufferedImage frame = bounded(image);
        int w = frame.getWidth();
        int h = frame.getHeight();
        if (w < 8 || h < 8) {
            return new ScreenText(List.of(), NAME);
        }
        double back = (double) image.getWidth() / w;
        int[] rgb = Pixels.rgb(frame);
        List<ScreenLines.Line> found = ScreenLines.find(rgb, w, h);
        String[] byCells = cells.read(rgb, w, h, found, recogniser);
        recognisedLastRead = cells.recognisedLastRead();
        // the lines neither the cells nor the cache read go to the engines, two at a time; a line
        // shown twice (the same pixels) is read once
        LineKey[] keys = new LineKey[found.size()];
        Map<LineKey, List<Read>> relative = new HashMap<>();
        Map<LineKey, ScreenLines.Line> toRead = new LinkedHashMap<>();
        for (int i = 0; i < found.size(); i++) {
            if (byCells == null || byCells[i] == null) {
                keys[i] = LineKey.of(found.get(i));
                List<Read> cached = lineCache.get(keys[i]);
                if (cached != null) {
                    relative.put(keys[i], cached);
                } else {
                    toRead.putIfAbsent(keys[i], found.get(i));
                }
            }
        }
        Map<ScreenLines.Line, List<Read>> fresh = recogniseAll(new ArrayList<>(toRead.values()));
        recognisedLastRead += toRead.size();
        for (Map.Entry<LineKey, ScreenLines.Line> e : toRead.entrySet()) {
            Rectangle box = e.getValue().box();
            List<Read> read = shifted(fresh.get(e.getValue()), -box.x, -box.y);
            relative.put(e.getKey(), read);
            lineCache.put(e.getKey(), read);
        }
        List<String> lines = new ArrayList<>();
        List<Rectangle> boxes = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            ScreenLines.Line line = found.get(i);
            if (keys[i] == null) {
                if (!byCells[i].isEmpty()) {
                    lines.add(byCells[i]);
                    boxes.add(scaledBack(line.box(), back));
                }
                continue;
            }
            for (Read r : shifted(relative.get(keys[i]), line.box().x, line.box().y)) {
                lines.add(r.text());
                boxes.add(scaledBack(r.box(), back));
            }
        }
        return new ScreenText(lines, NAME, boxes);
    }

    /**
     * Reads lines with the engine on this thread and, when there are several and more than one
     * core, a second engine on a helper thread at the same time (each engine reads on one core
     * only): the lines are dealt out by width, widest first, to whichever engine has less to do.
     */
    private Map<ScreenLines.Line, List<Read>> recogniseAll(List<ScreenLines.Line> toRead) {
        if (toRead.size() < 2 || !twoEngines) {
            return readAll(engine(), toRead);
        }
        List<ScreenLines.Line> byWidth = new ArrayList<>(toRead);
        byWidth.sort(Comparator.comparingInt((ScreenLines.Line l) -> l.width() * l.height()).reversed());
        List<ScreenLines.Line> mine = new ArrayList<>();
        List<ScreenLines.Line> theirs = new ArrayList<>();
        long mineWork = 0;
        long theirWork = 0;
        for (ScreenLines.Line line : byWidth) {
            long work = (long) line.width() * line.height();
            if (mineWork <= theirWork) {
                mine.add(line);
                mineWork += work;
            } else {
                theirs.add(line);
                theirWork += work;
            }
        }
        List<Map<ScreenLines.Line, List<Read>>> both = inParallel(engine -> readAll(engine, mine), engine -> readAll(engine, theirs));
        Map<ScreenLines.Line, List<Read>> out = new IdentityHashMap<>(both.get(0));
        out.putAll(both.get(1));
        return out;
    }

    private static Map<ScreenLines.Line, List<Read>> readAll(TessBaseAPI engine, List<ScreenLines.Line> lines) {
        Map<ScreenLines.Line, List<Read>> read = new IdentityHashMap<>();
        for (ScreenLines.Line line : lines) {
            read.put(line, recognise(engine, line));
        }
        return read;
    }

    /**
     * Runs {@code mine} with the first engine on this thread and {@code theirs} with the second
     * engine on the helper thread at the same time; both results, in that order.
     */
    private <T> List<T> inParallel(Function<TessBaseAPI, T> mine, Function<TessBaseAPI, T> theirs) {
        TessBaseAPI second = secondEngine();
        Future<T> other = helper().submit(() -> theirs.apply(second));
        T first = mine.apply(engine());
        try {
            return List.of(first, other.get(HELPER_WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            other.cancel(true);
            throw new IllegalStateException("the second OCR engine took more than " + HELPER_WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the second OCR engine read", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the second OCR engine failed: " + e.getCause(), e.getCause());
        }
    }

    /** Longest the reading thread waits for the helper's lines (they take milliseconds each). */
    static final int HELPER_WAIT_SECONDS = 60;

    private ExecutorService helper() {
        if (helper == null) {
            helper = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "vaxiin-ocr");
                t.setDaemon(true);
                return t;
            });
        }
        return helper;
    }

    private static Rectangle scaledBack(Rectangle box, double back) {
        return back == 1 ? box : new Rectangle((int) (box.x * back), (int) (box.y * back),
            (int) Math.ceil(box.width * back), (int) Math.ceil(box.height * back));
    }

    /**
     * Reads grey pictures of single lines, each character with its columns (two at once on two
     * engines): the OCR a console's {@link FontLearner} learns its font's shapes by.
     */
    synchronized List<List<CellReader.Symbol>> symbols(List<CellReader.Picture> pictures) {
        if (closed) {
            throw new IllegalStateException("this TesseractReader is closed");
        }
        return recogniser.symbols(pictures);
    }

    /** The cell reader's OCR: one engine, or two at once for two pictures. */
    private final CellReader.Recogniser recogniser = new CellReader.Recogniser() {
        @Override
        public List<CellReader.Symbol> symbols(CellReader.Picture picture) {
            return TesseractReader.symbols(engine(), picture);
        }

        @Override
        public List<List<CellReader.Symbol>> symbols(List<CellReader.Picture> pictures) {
            if (pictures.size() != 2 || !twoEngines) {
                return CellReader.Recogniser.super.symbols(pictures);
            }
            return inParallel(engine -> TesseractReader.symbols(engine, pictures.get(0)),
                engine -> TesseractReader.symbols(engine, pictures.get(1)));
        }
    };

    /** The characters an engine reads in a grey picture of part of one line, each with its columns. */
    private static List<CellReader.Symbol> symbols(TessBaseAPI engine, CellReader.Picture picture) {
        byte[] grey = picture.grey();
        int width = picture.width();
        int height = picture.height();
        engine.SetPageSegMode(tesseract.PSM_SINGLE_LINE);
        engine.SetImage(grey, width, height, 1, width);
        engine.SetSourceResolution(96);
        List<CellReader.Symbol> out = new ArrayList<>();
        try {
            if (engine.Recognize(null) != 0) {
                return out;
            }
            try (ResultIterator it = engine.GetIterator()) {
                if (it == null) {
                    return out;
                }
                int[] left = new int[1];
                int[] top = new int[1];
                int[] right = new int[1];
                int[] bottom = new int[1];
                do {
                    String read = text(it, tesseract.RIL_SYMBOL);
                    if (!read.isEmpty() && it.BoundingBox(tesseract.RIL_SYMBOL, left, top, right, bottom)) {
                        out.add(new CellReader.Symbol(read, left[0], right[0] - 1));
                    }
                } while (it.Next(tesseract.RIL_SYMBOL));
            }
            return out;
        } finally {
            engine.Clear();
        }
    }

    /** One line of text read, and where it is on the frame. */
    record Read(String text, Rectangle box) {
    }

    private int recognisedLastRead;

    /** How many lines the last {@link #read} gave to Tesseract (the others came from the cache). */
    public synchronized int recognisedLastRead() {
        return recognisedLastRead;
    }

    /** Forgets the lines already read (the next frame is read as a first one). */
    public synchronized void forgetLines() {
        lineCache.clear();
        cells.forget();
    }

    private static List<Read> shifted(List<Read> reads, int dx, int dy) {
        List<Read> out = new ArrayList<>(reads.size());
        for (Read r : reads) {
            Rectangle b = new Rectangle(r.box());
            b.translate(dx, dy);
            out.add(new Read(r.text(), b));
        }
        return out;
    }

    /** A line picture as the cache knows it: its size, kind, and two independent hashes of its pixels. */
    record LineKey(int width, int height, boolean block, long fnv, long mix) {
        static LineKey of(ScreenLines.Line line) {
            long fnv = 0xcbf29ce484222325L, mix = 0x9E3779B97F4A7C15L;
            for (byte b : line.grey()) {
                fnv = (fnv ^ (b & 0xFF)) * 0x100000001b3L;
                mix = Long.rotateLeft(mix ^ ((b & 0xFF) * 0xff51afd7ed558ccdL), 27) * 0xc4ceb9fe1a85ec53L;
            }
            return new LineKey(line.width(), line.height(), line.block(), fnv, mix);
        }
    }

    /** What the engine read in a picture, and its mean confidence (0-100). */
    record Reading(List<Read> lines, int confidence) {
    }

    /**
     * The lines read in a line of ScreenLines. A block (a band of touching rows) is read with
     * the engine's line finder; when it is not taller than a line may be, it may also be one
     * large line (a big glyph such as a stop screen's emoticon is as tall as several lines):
     * it is read both ways and the more confident reading is kept.
     */
    private static List<Read> recognise(TessBaseAPI engine, ScreenLines.Line line) {
        if (!line.block()) {
            return withoutGuesses(recogniseLine(engine, line));
        }
        Reading block = recogniseBlock(engine, line);
        if (line.box().height > ScreenLines.MAX_LINE_HEIGHT) {
            return withoutGuesses(block);
        }
        Reading single = recogniseLine(engine, line);
        return withoutGuesses(single.confidence() > block.confidence() ? single : block);
    }

    /**
     * The lines read, less the engine's guesses at pictures: a reading it is unsure of (mean
     * confidence under {@value #UNSURE}) keeps only its lines of more than
     * {@value #GUESS_LENGTH} characters. A logo, a progress bar or the modules of a QR code
     * read as a few random characters at a confidence of 10 to 40; real short words ("OK",
     * "Y/N") read at 80 or more.
     */
    static List<Read> withoutGuesses(Reading reading) {
        if (reading.confidence() >= UNSURE) {
            return reading.lines();
        }
        List<Read> kept = new ArrayList<>();
        for (Read r : reading.lines()) {
            if (r.text().replace(" ", "").length() > GUESS_LENGTH) {
                kept.add(r);
            }
        }
        return kept;
    }

    /** Mean confidence (0-100) under which a reading's short lines are taken for guesses. */
    static final int UNSURE = 50;
    /** Lines of at most this many characters (spaces aside) are guesses in an unsure reading. */
    static final int GUESS_LENGTH = 3;

    /** The image itself, or scaled down to at most {@value #MAX_PIXELS} pixels. */
    static BufferedImage bounded(BufferedImage image) {
        long pixels = (long) image.getWidth() * image.getHeight();
        if (pixels <= MAX_PIXELS) {
            return image;
        }
        double f = Math.sqrt((double) MAX_PIXELS / pixels);
        int w = Math.max(1, (int) (image.getWidth() * f));
        int h = Math.max(1, (int) (image.getHeight() * f));
        return Images.resized(image, w, h);
    }

    /** A line read as one line of text (page segmentation mode 7): nothing, or its text. */
    private static Reading recogniseLine(TessBaseAPI engine, ScreenLines.Line line) {
        engine.SetPageSegMode(tesseract.PSM_SINGLE_LINE);
        engine.SetImage(line.grey(), line.width(), line.height(), 1, line.width());
        engine.SetSourceResolution(96);
        BytePointer text = engine.GetUTF8Text();
        try {
            String read = text == null ? "" : text.getString(StandardCharsets.UTF_8).replace('\n', ' ').strip();
            return read.isEmpty() ? new Reading(List.of(), 0) : new Reading(List.of(new Read(read, line.box())), engine.MeanTextConf());
        } finally {
            if (text != null) {
                text.deallocate();
            }
            engine.Clear();
        }
    }

    /**
     * A block of touching lines read with Tesseract's own line finder (page segmentation mode
     * 6, one uniform block of text): its lines top to bottom, each with its box on the frame.
     */
    private static Reading recogniseBlock(TessBaseAPI engine, ScreenLines.Line block) {
        engine.SetPageSegMode(tesseract.PSM_SINGLE_BLOCK);
        engine.SetImage(block.grey(), block.width(), block.height(), 1, block.width());
        engine.SetSourceResolution(96);
        List<Read> out = new ArrayList<>();
        try {
            if (engine.Recognize(null) != 0) {
                return new Reading(out, 0);
            }
            try (ResultIterator it = engine.GetIterator()) {
                if (it == null) {
                    return new Reading(out, 0);
                }
                int[] left = new int[1];
                int[] top = new int[1];
                int[] right = new int[1];
                int[] bottom = new int[1];
                int[] columns = block.columns();
                Rectangle area = block.box();
                do {
                    String read = text(it, tesseract.RIL_TEXTLINE);
                    if (read.isEmpty() || !it.BoundingBox(tesseract.RIL_TEXTLINE, left, top, right, bottom)) {
                        continue;
                    }
                    // picture → frame: columns through the column map, rows by the margin
                    int c0 = Math.max(0, Math.min(columns.length - 1, left[0] - block.pad()));
                    int c1 = Math.max(c0, Math.min(columns.length - 1, right[0] - 1 - block.pad()));
                    int y0 = Math.max(area.y, Math.min(area.y + area.height - 1, area.y + top[0] - block.pad()));
                    int y1 = Math.max(y0, Math.min(area.y + area.height - 1, area.y + bottom[0] - 1 - block.pad()));
                    out.add(new Read(read, new Rectangle(columns[c0], y0, columns[c1] - columns[c0] + 1, y1 - y0 + 1)));
                } while (it.Next(tesseract.RIL_TEXTLINE));
            }
            return new Reading(out, out.isEmpty() ? 0 : engine.MeanTextConf());
        } finally {
            engine.Clear();
        }
    }

    /** The text at the iterator's element of this level, on one line and stripped; empty for none. */
    private static String text(ResultIterator it, int level) {
        BytePointer text = it.GetUTF8Text(level);
        if (text == null) {
            return "";
        }
        try {
            return text.getString(StandardCharsets.UTF_8).replace('\n', ' ').strip();
        } finally {
            text.deallocate();
        }
    }

    private TessBaseAPI engine() {
        if (api == null) {
            api = startEngine();
        }
        return api;
    }

    private TessBaseAPI secondEngine() {
        if (api2 == null) {
            api2 = startEngine();
        }
        return api2;
    }

    private TessBaseAPI startEngine() {
        Path data = traineddata();
        TessBaseAPI created = new TessBaseAPI();
        // word lists only mislead on /dev/sda1, hex and UUIDs (init-time settings)
        String[] names = {"load_system_dawg", "load_freq_dawg"};
        String[] values = {"0", "0"};
        int status;
        try (StringVector vars = new StringVector(names); StringVector vals = new StringVector(values)) {
            status = created.Init(data.getParent().toString(), "eng", tesseract.OEM_LSTM_ONLY, (BytePointer) null, 0, vars, vals, false);
        }
        if (status != 0) {
            created.close();
            throw new IllegalStateException("Tesseract did not start with the language data in " + data.getParent());
        }
        // ScreenLines hands over one dark-on-light line at a time
        created.SetPageSegMode(tesseract.PSM_SINGLE_LINE);
        created.SetVariable("tessedit_do_invert", "0");
        // a console is not a book: keep the spaces between words as the screen has them
        created.SetVariable("preserve_interword_spaces", "1");
        // Tesseract's own chatter ("Line cannot be recognized!!", "Image too small to scale!!")
        // would land in the user's terminal between Vaxiin's lines: send it nowhere.
        created.SetVariable("debug_file", "/dev/null");
        return created;
    }

    /** eng.traineddata in the data directory, copied from the class path the first time. */
    private Path traineddata() {
        Path target = dataDir.resolve("eng.traineddata");
        try (InputStream in = TesseractReader.class.getClassLoader().getResourceAsStream(TRAINEDDATA)) {
            if (in == null) {
                if (Files.isRegularFile(target)) {
                    return target;
                }
                throw new IllegalStateException(TRAINEDDATA + " is not on the class path (it comes in the tess4j jar)");
            }
            byte[] bytes = in.readAllBytes();
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                return target;
            }
            Files.createDirectories(dataDir);
            Path partial = Files.createTempFile(dataDir, "eng.traineddata", ".part");
            Files.write(partial, bytes);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put Tesseract's language data in " + dataDir, e);
        }
    }

    /** Frees the engine; the reader cannot be used afterwards. */
    @Override
    public synchronized void close() {
        closed = true;
        if (helper != null) {
            helper.shutdownNow();
            helper = null;
        }
        for (TessBaseAPI engine : new TessBaseAPI[] {api, api2}) {
            if (engine != null) {
                engine.End();
                engine.close();
            }
        }
        api = null;
        api2 = null;
    }
}
