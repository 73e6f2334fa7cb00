package io.vaxiin.vision;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tesseract.TessBaseAPI;
import org.bytedeco.tesseract.global.tesseract;

/**
 * Reads any screen with Tesseract OCR: the fallback for text that is no known bitmap font
 * (TrueType terminals, scaled or JPEG-degraded frames, graphical setup pages).
 *
 * <p>Uses the natives bundled in {@code org.bytedeco:tesseract} (no system Tesseract needed) and
 * the {@code eng.traineddata} bundled in the tess4j jar, copied once to a cache directory. The
 * engine starts on the first read (~0.3 s) and is kept; close the reader to free it.
 * The bundled Tesseract is built without OpenMP, so {@code OMP_THREAD_LIMIT} does not matter for
 * it (bin/vaxiin still exports {@code OMP_THREAD_LIMIT=1} for any system build).
 *
 * <p>Before OCR the frame is turned to grey, light-on-dark is inverted to dark-on-light and
 * frames narrower than {@value #UPSCALE_BELOW_WIDTH} pixels are doubled; page segmentation
 * mode 6 (one uniform block of text). Lines come back in reading order without blank rows or
 * leading columns, so line N is not row N. Thread-safe: one read at a time.
 */
public final class TesseractReader implements TextReader, AutoCloseable {

    /** The {@link ScreenText#reader()} name of this reader. */
    public static final String NAME = "tesseract";

    /** Frames narrower than this are upscaled ×2 before OCR (console fonts are small). */
    static final int UPSCALE_BELOW_WIDTH = 1100;

    private static final String TRAINEDDATA = "tessdata/eng.traineddata";

    private final Path dataDir;
    private TessBaseAPI api;
    private boolean closed;

    /** A reader whose language data goes to {@code ~/.cache/vaxiin/tessdata} (or $XDG_CACHE_HOME). */
    public TesseractReader() {
        this(defaultDataDir());
    }

    /** A reader whose language data is kept in {@code dataDir} (written there on first use). */
    public TesseractReader(Path dataDir) {
        this.dataDir = dataDir;
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
        int w = image.getWidth();
        int h = image.getHeight();
        if (w < 3 || h < 3) {
            return new ScreenText(List.of(), NAME);
        }
        int scale = w < UPSCALE_BELOW_WIDTH ? 2 : 1;
        byte[] grey = greyDarkOnLight(Pixels.rgb(image), w, h, scale);
        TessBaseAPI engine = engine();
        engine.SetImage(grey, w * scale, h * scale, 1, w * scale);
        engine.SetSourceResolution(scale * 96);
        BytePointer text = engine.GetUTF8Text();
        String out;
        try {
            out = text == null ? "" : text.getString(StandardCharsets.UTF_8);
        } finally {
            if (text != null) {
                text.deallocate();
            }
            engine.Clear();
        }
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            String trimmed = line.stripTrailing();
            if (!trimmed.isEmpty()) {
                lines.add(trimmed);
            }
        }
        return new ScreenText(lines, NAME);
    }

    /**
     * Luma of every pixel, inverted when the frame is mostly dark (Tesseract reads dark text on
     * light best), each pixel repeated {@code scale × scale}.
     */
    static byte[] greyDarkOnLight(int[] rgb, int w, int h, int scale) {
        byte[] luma = new byte[w * h];
        long sum = 0;
        for (int i = 0; i < luma.length; i++) {
            int p = rgb[i];
            int y = (((p >> 16) & 0xFF) * 77 + ((p >> 8) & 0xFF) * 150 + (p & 0xFF) * 29) >> 8;
            luma[i] = (byte) y;
            sum += y;
        }
        boolean invert = sum < 128L * luma.length;
        int sw = w * scale;
        byte[] out = new byte[sw * h * scale];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                byte v = luma[y * w + x];
                if (invert) {
                    v = (byte) (255 - (v & 0xFF));
                }
                for (int dy = 0; dy < scale; dy++) {
                    int base = (y * scale + dy) * sw + x * scale;
                    for (int dx = 0; dx < scale; dx++) {
                        out[base + dx] = v;
                    }
                }
            }
        }
        return out;
    }

    private TessBaseAPI engine() {
        if (api == null) {
            Path data = traineddata();
            TessBaseAPI created = new TessBaseAPI();
            if (created.Init(data.getParent().toString(), "eng") != 0) {
                created.close();
                throw new IllegalStateException("Tesseract did not start with the language data in " + data.getParent());
            }
            created.SetPageSegMode(tesseract.PSM_SINGLE_BLOCK);
            // a console is not a book: keep the spaces between words as the screen has them
            created.SetVariable("preserve_interword_spaces", "1");
            api = created;
        }
        return api;
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
        if (api != null) {
            api.End();
            api.close();
            api = null;
        }
    }
}
