package io.vaxiin.bench;

import io.vaxiin.vision.ScreenReader;
import io.vaxiin.vision.ScreenText;
import io.vaxiin.vision.TesseractReader;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tesseract.TessBaseAPI;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading accuracy and time per frame over the shared screen fixtures (real console screenshots
 * with their exact text), per kind of screen, for Vaxiin's reader and, in the same run, for a
 * baseline of Tesseract at its default settings (page segmentation 3, no preprocessing).
 *
 * <p>Accuracy is character accuracy, 1 − (edit distance / length of the truth), over the text
 * with each line stripped and runs of blanks collapsed, blank lines dropped: it counts every
 * wrong, missing or extra character and forgives layout (where a line starts), which regexes in
 * scripts do not depend on.
 *
 * <p>Run: {@code bin/bench vision [FIXTURES_DIR]}; the fixtures default to ../shared/fixtures/screens.
 */
public final class VisionBench {

    record Row(String file, String kind, int width, int height) {}

    record Result(long chars, long errors, List<Double> ms) {
        double accuracy() { return chars == 0 ? 1 : 1 - (double) errors / chars; }
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : locate();
        List<Row> rows = index(dir);
        System.out.println("Vaxiin vision bench: " + rows.size() + " fixture screens from " + dir + " ("
                + Runtime.getRuntime().availableProcessors() + " cores)");
        Map<String, Result> ours = new LinkedHashMap<>(), base = new LinkedHashMap<>();
        Map<String, String> readers = new LinkedHashMap<>();
        List<Double> times720 = new ArrayList<>(), times1024 = new ArrayList<>();
        List<Double> oneLine = new ArrayList<>(), scrolled = new ArrayList<>();
        try (TesseractReader tess = new TesseractReader();
             ScreenReader reader = new ScreenReader(new io.vaxiin.vision.GridTextReader(), () -> tess);
             Baseline baseline = new Baseline()) {
            for (Row row : rows) {
                BufferedImage image = ImageIO.read(dir.resolve(row.file()).toFile());
                String truth = normalize(Files.readAllLines(dir.resolve(row.file().replaceFirst("\\.png$", ".txt")), StandardCharsets.UTF_8));
                ScreenText text = reader.read(image); // warm-up, and the result
                int repeats = text.reader().equals("grid") ? 50 : 3;
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < repeats; i++) {
                    tess.forgetLines(); // every timed read is a first read of this frame
                    long t0 = System.nanoTime();
                    reader.read(image);
                    ms.add((System.nanoTime() - t0) / 1e6);
                }
                if (row.kind().equals("xterm-ttf") && text.boxes().size() >= 3) {
                    steadyState(reader, image, text, oneLine, scrolled);
                }
                add(ours, row.kind(), truth, normalize(text.lines()), List.of(ConsoleBench.median(ms))); // one time per frame
                if (BITMAP_KINDS.contains(row.kind())) {
                    (image.getWidth() <= 720 ? times720 : times1024).add(ConsoleBench.median(ms));
                }
                readers.merge(row.kind(), text.reader(), (a, b) -> a.contains(b) ? a : a + "+" + b);

                List<Double> bms = new ArrayList<>();
                String btext = null;
                for (int i = 0; i < 2; i++) {
                    long t0 = System.nanoTime();
                    btext = baseline.read(image);
                    bms.add((System.nanoTime() - t0) / 1e6);
                }
                add(base, row.kind(), truth, normalize(List.of(btext.split("\n"))), List.of(ConsoleBench.median(bms)));
                if (args.length > 1 && args[1].equals("-v")) {
                    System.out.printf(Locale.ROOT, "  %-48s %-8s %6.2f%% %8.1f ms%n", row.file(), text.reader(),
                            100 * (1 - (double) distance(truth, normalize(text.lines())) / Math.max(1, truth.length())), ConsoleBench.median(ms));
                }
            }
        }
        goals(dir, rows, ours, times720, times1024);
        System.out.printf(Locale.ROOT, "xterm-ttf steady state (cells and lines already read are not read again): one line changed %.1f ms, "
                + "scrolled by one line %.1f ms (median over the frames; first read above)%n", ConsoleBench.median(oneLine), ConsoleBench.median(scrolled));
        System.out.println();
        System.out.printf(Locale.ROOT, "%-13s %7s | %-14s %9s %12s | %-20s %9s %12s%n", "kind", "frames", "vaxiin reader",
                "accuracy", "ms/frame", "baseline", "accuracy", "ms/frame");
        for (String kind : ours.keySet()) {
            Result o = ours.get(kind), b = base.get(kind);
            System.out.printf(Locale.ROOT, "%-13s %7d | %-14s %8.2f%% %12.2f | %-20s %8.2f%% %12.1f%n", kind, count(rows, kind),
                    readers.get(kind), 100 * o.accuracy(), ConsoleBench.median(o.ms()), "tesseract default", 100 * b.accuracy(), ConsoleBench.median(b.ms()));
        }
        unseenFonts();
    }

    /**
     * Screens in console fonts the reader does not ship (test fixture UnseenFonts, console-setup's
     * fonts; its UNSEEN-FONTS.md says which are for tuning and which are only measured), per set
     * and per font: accuracy over all characters and over box drawing and blocks alone, ms for a
     * first frame and for the same console's next frame (the boot log one line on, the menu's
     * cursor one item down, the progress bar one step on), all at 1024x768; Tesseract's default
     * on the first frames in the same run.
     */
    private static void unseenFonts() throws Exception {
        System.out.println();
        if (!io.vaxiin.fixture.UnseenFonts.present()) {
            System.out.println("unseen fonts: none (console-setup-linux is not installed; bin/test-deps installs it)");
            return;
        }
        List<String> names = new ArrayList<>();
        names.addAll(io.vaxiin.fixture.UnseenFonts.TUNING);
        names.addAll(io.vaxiin.fixture.UnseenFonts.HELD_OUT);
        names.addAll(io.vaxiin.fixture.UnseenFonts.FRESH);
        names.addAll(io.vaxiin.fixture.UnseenFonts.CONTROL);
        Map<String, List<io.vaxiin.fixture.UnseenFonts.Frames>> frames = new LinkedHashMap<>();
        for (String n : names) frames.put(n, io.vaxiin.fixture.UnseenFonts.frames(io.vaxiin.fixture.UnseenFonts.load(n)));
        Map<String, Unseen> perSet = new LinkedHashMap<>(), perFont = new LinkedHashMap<>(), perScreen = new LinkedHashMap<>();
        try (Baseline baseline = new Baseline()) {
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                String set = io.vaxiin.fixture.UnseenFonts.TUNING.contains(n) ? "tuning"
                        : io.vaxiin.fixture.UnseenFonts.HELD_OUT.contains(n) ? "held out"
                        : io.vaxiin.fixture.UnseenFonts.FRESH.contains(n) ? "fresh" : "control";
                List<io.vaxiin.fixture.UnseenFonts.Frames> other = frames.get(names.get((i + 1) % names.size()));
                try (io.vaxiin.vision.ConsoleReader console = new io.vaxiin.vision.ConsoleReader()) {
                    // warm-up on another font's screen: starts the OCR engine if this console will need it,
                    // and shares no line or grid with the frames timed below
                    console.read(other.get(other.size() - 1).getFirstImage());
                    for (io.vaxiin.fixture.UnseenFonts.Frames f : frames.get(n)) {
                        long t0 = System.nanoTime();
                        ScreenText text = console.read(f.getFirstImage());
                        double first = (System.nanoTime() - t0) / 1e6;
                        t0 = System.nanoTime();
                        console.read(f.getNextImage());
                        double next = (System.nanoTime() - t0) / 1e6;
                        t0 = System.nanoTime();
                        List<String> btext = List.of(baseline.read(f.getFirstImage()).split("\n"));
                        double bms = (System.nanoTime() - t0) / 1e6;
                        Unseen u = new Unseen(f.firstTruth(), text.lines(), btext, text.reader(), first, next, bms);
                        perSet.merge(set, u, Unseen::plus);
                        perFont.merge(set + "\t" + n, u, Unseen::plus);
                        perScreen.merge(set + "\t" + f.getScreen(), u, Unseen::plus);
                    }
                }
            }
        }
        System.out.println("Unseen console fonts (console-setup and X11 bitmap fonts, 1024x768; the sets are in src/test/groovy/io/vaxiin/fixture/UNSEEN-FONTS.md):");
        String head = "%-34s %6s | %-14s %9s %9s %9s %9s | %-18s %9s %9s %9s%n";
        System.out.printf(Locale.ROOT, head, "unseen-font", "frames", "vaxiin reader", "accuracy", "boxes", "ms first", "ms next",
                "baseline", "accuracy", "boxes", "ms/frame");
        for (Map.Entry<String, Unseen> e : perFont.entrySet()) {
            String[] k = e.getKey().split("\t");
            e.getValue().print(k[1] + " (" + k[0] + ")");
        }
        for (Map.Entry<String, Unseen> e : perSet.entrySet()) e.getValue().print("unseen-font (" + e.getKey() + ")");
        // a boot log's first frame has the most to learn (a font's whole alphabet, 14-20 rows of OCR); a dialog's least
        for (Map.Entry<String, Unseen> e : perScreen.entrySet()) {
            String[] k = e.getKey().split("\t");
            e.getValue().print(k[1] + " (" + k[0] + ")");
        }
        for (String n : names) {
            io.vaxiin.fixture.UnseenFonts.skipped(io.vaxiin.fixture.UnseenFonts.load(n)).forEach((screen, chars) ->
                    System.out.println("  " + n + ": no " + screen + " screen (the font does not map " + chars + ")"));
            io.vaxiin.fixture.UnseenFonts.alike(io.vaxiin.fixture.UnseenFonts.load(n)).forEach((screen, chars) ->
                    System.out.println("  " + n + ": no " + screen + " screen (the font draws " + chars + " alike: no reader tells them apart)"));
        }
    }

    /** Unseen-font results summed over frames: character and box-drawing errors, times. */
    record Unseen(long chars, long errors, long boxes, long boxErrors, long baseErrors, long baseBoxErrors,
                  String reader, List<Double> first, List<Double> next, List<Double> baseMs) {

        Unseen(List<String> truth, List<String> read, List<String> base, String reader, double first, double next, double baseMs) {
            this(normalize(truth).length(), distance(normalize(truth), normalize(read)),
                    io.vaxiin.fixture.UnseenFonts.boxesOnly(truth).length(),
                    distance(io.vaxiin.fixture.UnseenFonts.boxesOnly(truth), io.vaxiin.fixture.UnseenFonts.boxesOnly(read)),
                    distance(normalize(truth), normalize(base)),
                    distance(io.vaxiin.fixture.UnseenFonts.boxesOnly(truth), io.vaxiin.fixture.UnseenFonts.boxesOnly(base)),
                    reader, List.of(first), List.of(next), List.of(baseMs));
        }

        Unseen plus(Unseen o) {
            return new Unseen(chars + o.chars, errors + o.errors, boxes + o.boxes, boxErrors + o.boxErrors,
                    baseErrors + o.baseErrors, baseBoxErrors + o.baseBoxErrors,
                    reader.contains(o.reader) ? reader : reader + "+" + o.reader,
                    concat(first, o.first), concat(next, o.next), concat(baseMs, o.baseMs));
        }

        private static List<Double> concat(List<Double> a, List<Double> b) {
            List<Double> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }

        private static String percent(long errors, long of) {
            return of == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * Math.max(0, 1 - (double) errors / of));
        }

        void print(String label) {
            System.out.printf(Locale.ROOT, "%-34s %6d | %-14s %9s %9s %9.1f %9.2f | %-18s %9s %9s %9.1f%n", label, first.size(), reader,
                    percent(errors, chars), percent(boxErrors, boxes), ConsoleBench.median(first), ConsoleBench.median(next),
                    "tesseract default", percent(baseErrors, chars), percent(baseBoxErrors, boxes), ConsoleBench.median(baseMs));
        }
    }

    /**
     * After a frame was read: the time to read it again with one line changed (the right half of
     * its middle line blanked), and scrolled up by one line.
     */
    private static void steadyState(ScreenReader reader, BufferedImage image, ScreenText text, List<Double> oneLine, List<Double> scrolled) {
        java.awt.Rectangle mid = text.boxes().get(text.boxes().size() / 2);
        BufferedImage changed = io.vaxiin.vision.Images.copy(image);
        java.awt.Graphics2D g = changed.createGraphics();
        g.setColor(new java.awt.Color(image.getRGB(Math.max(0, mid.x - 1), Math.max(0, mid.y - 1))));
        g.fillRect(mid.x + mid.width / 2, mid.y, mid.width - mid.width / 2, mid.height);
        g.dispose();
        long t0 = System.nanoTime();
        reader.read(changed);
        oneLine.add((System.nanoTime() - t0) / 1e6);
        int pitch = text.boxes().get(1).y - text.boxes().get(0).y;
        BufferedImage up = io.vaxiin.vision.Images.copy(image);
        g = up.createGraphics();
        g.drawImage(image, 0, -pitch, null);
        g.setColor(new java.awt.Color(image.getRGB(0, image.getHeight() - 1)));
        g.fillRect(0, image.getHeight() - pitch, image.getWidth(), pitch);
        g.dispose();
        reader.read(image); // back to the frame read before
        t0 = System.nanoTime();
        reader.read(up);
        scrolled.add((System.nanoTime() - t0) / 1e6);
    }

    /** The kinds the first goal is about: bitmap-font consoles. */
    static final List<String> BITMAP_KINDS = List.of("vga-text", "fbcon", "uefi-text");
    /**
     * The kinds the second goal is about: every frame not drawn in exact bitmap-font pixels
     * (TrueType terminals, viewer-scaled and JPEG-degraded frames, graphical pages in TrueType).
     */
    static final List<String> TRUETYPE_KINDS = List.of("xterm-ttf", "scaled", "jpeg", "graphical");

    /** The goals table: each goal beside what this run measured. */
    private static void goals(Path dir, List<Row> rows, Map<String, Result> ours, List<Double> t720, List<Double> t1024) throws Exception {
        Result bitmap = merged(ours, BITMAP_KINDS), truetype = merged(ours, TRUETYPE_KINDS);
        // unchanged frame: a console reader given the same frame again
        BufferedImage frame = ImageIO.read(dir.resolve(rows.get(0).file()).toFile());
        BufferedImage big = null;
        for (Row r : rows) if (r.width() == 1024 && BITMAP_KINDS.contains(r.kind())) { big = ImageIO.read(dir.resolve(r.file()).toFile()); break; }
        // The engine hands a console's reader the very same (immutable) frame while the console
        // shows no change; an equal copy of a frame (another object, the same pixels) is the
        // baseline: one pixel compare.
        List<Double> unchanged = new ArrayList<>(), equalCopy = new ArrayList<>();
        try (io.vaxiin.vision.ConsoleReader console = new io.vaxiin.vision.ConsoleReader()) {
            for (BufferedImage f : big == null ? List.of(frame) : List.of(frame, big)) {
                BufferedImage[] copies = {io.vaxiin.vision.Images.copy(f), io.vaxiin.vision.Images.copy(f)};
                console.read(f);
                for (int i = 0; i < 1000; i++) console.read(f);
                for (int i = 0; i < 200; i++) {
                    long t0 = System.nanoTime();
                    console.read(f);
                    unchanged.add((System.nanoTime() - t0) / 1e6);
                }
                for (int i = 0; i < 200; i++) {
                    long t0 = System.nanoTime();
                    console.read(copies[i % 2]);
                    equalCopy.add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        MatchBench.Summary match = MatchBench.run(dir, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        System.out.println();
        System.out.println("Goals (issue 4) and this run:");
        System.out.printf(Locale.ROOT, "%-44s | %-26s | %s%n", "kind", "goal", "measured in this run");
        System.out.printf(Locale.ROOT, "%-44s | %-26s | %.2f%% characters (%s); %.2f ms at 720x400, %.2f ms at 1024x768 (median per frame)%n",
                "bitmap-font consoles", ">= 99.9%, <= 5 / 15 ms", 100 * bitmap.accuracy(), perKind(ours, BITMAP_KINDS, false),
                t720.isEmpty() ? 0 : ConsoleBench.median(t720), t1024.isEmpty() ? 0 : ConsoleBench.median(t1024));
        System.out.printf(Locale.ROOT, "%-44s | %-26s | %.2f%% characters; %.1f ms per frame (median), %.1f ms the slowest frame (%s)%n",
                "TrueType / scaled / JPEG / graphical frames", ">= 98%, <= 150 ms", 100 * truetype.accuracy(),
                ConsoleBench.median(truetype.ms()), truetype.ms().stream().mapToDouble(Double::doubleValue).max().orElse(0),
                perKind(ours, TRUETYPE_KINDS, true));
        System.out.printf(Locale.ROOT, "%-44s | %-26s | %.4f ms (median of %d, 720x400 and 1024x768); an equal copy of it: %.2f ms%n",
                "unchanged frame (ConsoleReader)", "<= 0.1 ms", ConsoleBench.median(unchanged), unchanged.size(), ConsoleBench.median(equalCopy));
        System.out.printf(Locale.ROOT, "%-44s | %-26s | %.2f ms per match (median); %d false matches in %d searches%n",
                "image match, 1024x768 (bin/bench match)", "<= 15 ms, no false match", match.medianMs(), match.falseMatches(), match.searches());
    }

    /** "vga-text 100.00%, fbcon 78.29%", with each kind's median ms per frame when {@code withTime}. */
    private static String perKind(Map<String, Result> results, List<String> kinds, boolean withTime) {
        List<String> parts = new ArrayList<>();
        for (String k : kinds) {
            Result r = results.get(k);
            if (r == null) continue;
            parts.add(String.format(Locale.ROOT, withTime ? "%s %.2f%% at %.1f ms" : "%s %.2f%%", k, 100 * r.accuracy(), ConsoleBench.median(r.ms())));
        }
        return String.join(", ", parts);
    }


    private static Result merged(Map<String, Result> results, List<String> kinds) {
        long chars = 0, errors = 0;
        List<Double> ms = new ArrayList<>();
        for (String k : kinds) {
            Result r = results.get(k);
            if (r == null) continue;
            chars += r.chars();
            errors += r.errors();
            ms.addAll(r.ms());
        }
        return new Result(chars, errors, ms);
    }

    private static void add(Map<String, Result> into, String kind, String truth, String read, List<Double> ms) {
        long errors = distance(truth, read);
        into.merge(kind, new Result(truth.length(), errors, new ArrayList<>(ms)), (a, b) -> {
            List<Double> all = new ArrayList<>(a.ms());
            all.addAll(b.ms());
            return new Result(a.chars() + b.chars(), a.errors() + b.errors(), all);
        });
    }

    private static long count(List<Row> rows, String kind) {
        return rows.stream().filter(r -> r.kind().equals(kind)).count();
    }

    static String normalize(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String l = line.strip().replaceAll("\\s+", " ");
            if (!l.isEmpty()) out.add(l);
        }
        return String.join("\n", out);
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (ca == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }

    static List<Row> index(Path dir) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("INDEX.tsv"), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split("\t"));
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t");
            rows.add(new Row(f[header.indexOf("file")], f[header.indexOf("kind")],
                    Integer.parseInt(f[header.indexOf("width")]), Integer.parseInt(f[header.indexOf("height")])));
        }
        return rows;
    }

    static Path locate() {
        String given = System.getenv("VAXIIN_FIXTURES");
        if (given != null) return Path.of(given).resolve("screens");
        Path home = Path.of(System.getProperty("vaxiin.home", ".")).toAbsolutePath();
        for (Path p = home; p != null; p = p.getParent()) {
            Path c = p.resolveSibling("shared").resolve("fixtures/screens");
            if (Files.isDirectory(c)) return c;
        }
        return Path.of("/work/shared/fixtures/screens");
    }

    /** Tesseract as it comes: page segmentation 3 (automatic), the frame's colours as they are. */
    static final class Baseline implements AutoCloseable {
        private final TessBaseAPI api = new TessBaseAPI();

        Baseline() {
            new TesseractReader().close(); // makes sure eng.traineddata is in the cache
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            try (TesseractReader warm = new TesseractReader()) {
                warm.read(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB));
            }
            if (api.Init(cache.resolve("vaxiin/tessdata").toString(), "eng") != 0) {
                throw new IllegalStateException("Tesseract did not start");
            }
        }

        String read(BufferedImage image) {
            int w = image.getWidth(), h = image.getHeight();
            byte[] rgb = new byte[w * h * 3];
            int[] px = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < px.length; i++) {
                rgb[i * 3] = (byte) (px[i] >> 16);
                rgb[i * 3 + 1] = (byte) (px[i] >> 8);
                rgb[i * 3 + 2] = (byte) px[i];
            }
            api.SetImage(rgb, w, h, 3, w * 3);
            BytePointer text = api.GetUTF8Text();
            try {
                return text == null ? "" : text.getString(StandardCharsets.UTF_8);
            } finally {
                if (text != null) text.deallocate();
                api.Clear();
            }
        }

        @Override
        public void close() {
            api.End();
            api.close();
        }
    }

    private VisionBench() {}
}
