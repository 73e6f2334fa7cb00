package io.vaxiin.bench;

import io.vaxiin.vision.ImageMatcher;
import io.vaxiin.vision.Images;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Time and trustworthiness of {@code matches} on the shared screen fixtures.
 *
 * <p>For every 1024×768 screen a 200×40 needle is cut where the screen has the most contrast
 * (the busiest part, where a near twin elsewhere is most likely), and its search timed: median of
 * 50 after a warm-up, each on a frame not seen before (the grey conversion is part of the cost),
 * then with a region of the needle plus 100 pixels around it. The baselines, in the same run:
 * OpenCV's matchTemplate and minMaxLoc alone on ready grey images (what the scoring adds), and the
 * pure-Java exact scan Vaxiin had before (reject a position at its first differing pixel).
 *
 * <p>Then every needle is searched on all screens of the corpus at the default threshold. Not found
 * on its own screen, or found elsewhere on it with other pixels, is a miss (a needle of one
 * colour band is the same wherever it is cut along the band); found on another screen is a false
 * match unless the pixels there are the needle's own (the same text drawn the same way on two
 * screens), or that screen was made from its own (JPEG and scaled copies).
 *
 * <p>Run: {@code bin/bench match [FIXTURES_DIR]}.
 */
public final class MatchBench {

    record Screen(String file, String kind, String origin, BufferedImage image) {}

    private static final int NW = 200, NH = 40, RUNS = 50;

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Path.of(args[0]) : VisionBench.locate(), System.out);
    }

    /** What {@link VisionBench} shows in its goals table. */
    record Summary(double medianMs, int falseMatches, int searches) {}

    /** Runs the whole bench, printing to {@code out}; returns the figures the goals are about. */
    static Summary run(Path dir, java.io.PrintStream out) throws Exception {
        List<Screen> corpus = load(dir);
        out.println("Vaxiin match bench: " + corpus.size() + " fixture screens from " + dir + " ("
                + Runtime.getRuntime().availableProcessors() + " cores)");

        ImageMatcher matcher = new ImageMatcher();
        ImageMatcher.Options defaults = ImageMatcher.Options.defaults();
        long t0 = System.nanoTime();
        matcher.find(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), defaults);
        out.printf(Locale.ROOT, "OpenCV load, once per process (first match): %.0f ms%n%n", (System.nanoTime() - t0) / 1e6);

        out.printf(Locale.ROOT, "%-46s %-12s %-18s | %9s %9s %9s | %9s %9s%n", "1024×768 screen", "kind", "needle 200×40 at",
                "ms/match", "in region", "absent", "OpenCV", "exact");
        List<Screen> full = corpus.stream().filter(s -> s.image().getWidth() == 1024 && s.image().getHeight() == 768).toList();
        Map<Screen, Rectangle> needles = new LinkedHashMap<>();
        List<Double> all = new ArrayList<>(), regional = new ArrayList<>(), absent = new ArrayList<>(), raw = new ArrayList<>(),
                exact = new ArrayList<>();
        for (int i = 0; i < full.size(); i++) {
            Screen s = full.get(i);
            Rectangle at = busiest(s.image());
            needles.put(s, at);
            BufferedImage needle = io.vaxiin.vision.Images.copy(s.image().getSubimage(at.x, at.y, at.width, at.height));
            // Two copies of the frame, used in turn: every search meets a frame it has not converted.
            BufferedImage[] frames = {io.vaxiin.vision.Images.copy(s.image()), io.vaxiin.vision.Images.copy(s.image())};
            int[] turn = {0};
            double ms = median(() -> matcher.find(frames[turn[0]++ % 2], needle, defaults));
            Rectangle around = new Rectangle(at.x - 100, at.y - 100, at.width + 200, at.height + 200).intersection(new Rectangle(0, 0, 1024, 768));
            ImageMatcher.Options inRegion = defaults.withRegion(around);
            double msRegion = median(() -> matcher.find(frames[turn[0]++ % 2], needle, inRegion));
            // The needle on the next screen of another origin, where it is not: what a wait meets most.
            Screen elsewhere = full.get((i + 1) % full.size());
            for (int j = 2; j < full.size() && related(s, elsewhere); j++) elsewhere = full.get((i + j) % full.size());
            BufferedImage[] others = {io.vaxiin.vision.Images.copy(elsewhere.image()), io.vaxiin.vision.Images.copy(elsewhere.image())};
            double msAbsent = median(() -> matcher.find(others[turn[0]++ % 2], needle, defaults));
            double msRaw = rawOpenCv(s.image(), needle);
            double msExact = median(() -> exactScan(s.image(), needle), 10);
            all.add(ms);
            regional.add(msRegion);
            absent.add(msAbsent);
            raw.add(msRaw);
            exact.add(msExact);
            out.printf(Locale.ROOT, "%-46s %-12s %-18s | %9.2f %9.2f %9.2f | %9.2f %9.2f%n", s.file(), s.kind(),
                    "(" + at.x + ", " + at.y + ")", ms, msRegion, msAbsent, msRaw, msExact);
        }
        out.printf(Locale.ROOT, "%-78s | %9.2f %9.2f %9.2f | %9.2f %9.2f%n", "median over the " + all.size() + " screens",
                ConsoleBench.median(all), ConsoleBench.median(regional), ConsoleBench.median(absent), ConsoleBench.median(raw),
                ConsoleBench.median(exact));
        out.println("  ms/match: ImageMatcher.find on the whole screen (grey conversion, OpenCV, exact score of the best candidates);");
        out.println("  in region: the same within the needle's place plus 100 px; absent: the whole screen of another 1024×768");
        out.println("  fixture, where the needle is not; OpenCV: matchTemplate + minMaxLoc alone at full resolution on ready grey");
        out.println("  images (baseline, what the search cost before the half-resolution pass); exact: the previous pure-Java");
        out.println("  exact scan (baseline, median of 10)");

        int searches = 0, falseMatches = 0, misses = 0, samePixels = 0, copies = 0, copiesSearched = 0;
        List<String> report = new ArrayList<>();
        for (Map.Entry<Screen, Rectangle> e : needles.entrySet()) {
            Screen source = e.getKey();
            Rectangle at = e.getValue();
            BufferedImage needle = io.vaxiin.vision.Images.copy(source.image().getSubimage(at.x, at.y, at.width, at.height));
            for (Screen other : corpus) {
                searches++;
                var found = matcher.find(other.image(), needle, defaults);
                boolean copy = source.file().equals(other.origin()) || other.file().equals(source.origin());
                if (other == source) {
                    if (found.isEmpty() || !found.get().bounds().equals(at) && !samePixels(other.image(), found.get().bounds(), needle)) {
                        misses++;
                        report.add("  miss: " + source.file() + " " + found.map(Object::toString).orElse("not found"));
                    }
                } else if (copy) {
                    copiesSearched++;
                    if (found.isPresent()) copies++;
                } else if (found.isPresent()) {
                    if (samePixels(other.image(), found.get().bounds(), needle)) {
                        samePixels++;
                    } else {
                        falseMatches++;
                        report.add("  false match: needle of " + source.file() + " on " + other.file() + " at " + found.get());
                    }
                }
            }
        }
        out.printf(Locale.ROOT, "%nCorpus: %d needles × %d screens = %d searches at the default threshold %.2f%n",
                needles.size(), corpus.size(), searches, ImageMatcher.DEFAULT_THRESHOLD);
        out.printf(Locale.ROOT, "  false matches: %d; needles missed on their own screen: %d%n", falseMatches, misses);
        out.printf(Locale.ROOT, "  found on another screen with the very same pixels there: %d; found on its own JPEG/scaled copies: %d of %d%n",
                samePixels, copies, copiesSearched);
        report.forEach(out::println);
        out.printf(Locale.ROOT, "Goal: ≤ 15 ms per 1024×768 match (median %.2f ms), no false match (%d)%n", ConsoleBench.median(all), falseMatches);
        matcher.close();
        return new Summary(ConsoleBench.median(all), falseMatches, searches);
    }

    /** One screen made from the other (a JPEG or scaled copy), or both from one. */
    private static boolean related(Screen a, Screen b) {
        return a.file().equals(b.origin()) || b.file().equals(a.origin()) || a.origin() != null && a.origin().equals(b.origin());
    }

    private static List<Screen> load(Path dir) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("INDEX.tsv"), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split("\t"));
        List<Screen> screens = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t");
            String how = f[header.indexOf("how")];
            String first = how.split(" ", 2)[0];
            screens.add(new Screen(f[header.indexOf("file")], f[header.indexOf("kind")], first.endsWith(".png") ? first : null,
                    ImageIO.read(dir.resolve(f[header.indexOf("file")]).toFile())));
        }
        return screens;
    }

    /** The 200×40 window (on an 8-pixel grid) with the largest spread of grey levels. */
    static Rectangle busiest(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        byte[] g = Images.grey(image);
        double best = -1;
        Rectangle at = null;
        for (int y = 0; y + NH <= h; y += 8) {
            for (int x = 0; x + NW <= w; x += 8) {
                double sum = 0, sum2 = 0;
                for (int j = 0; j < NH; j += 2) {
                    for (int i = 0; i < NW; i += 2) {
                        int v = g[(y + j) * w + x + i] & 0xff;
                        sum += v;
                        sum2 += v * v;
                    }
                }
                int n = (NW / 2) * (NH / 2);
                double var = sum2 / n - (sum / n) * (sum / n);
                if (var > best) {
                    best = var;
                    at = new Rectangle(x, y, NW, NH);
                }
            }
        }
        return at;
    }

    private static boolean samePixels(BufferedImage screen, Rectangle at, BufferedImage needle) {
        for (int y = 0; y < at.height; y++) {
            for (int x = 0; x < at.width; x++) {
                if (!close(screen.getRGB(at.x + x, at.y + y), needle.getRGB(x, y))) return false;
            }
        }
        return true;
    }

    private static boolean close(int a, int b) {
        return Math.abs(((a >> 16) & 0xff) - ((b >> 16) & 0xff)) <= 8 && Math.abs(((a >> 8) & 0xff) - ((b >> 8) & 0xff)) <= 8
                && Math.abs((a & 0xff) - (b & 0xff)) <= 8;
    }

    private static double rawOpenCv(BufferedImage screen, BufferedImage needle) {
        Mat s = grey(screen), n = grey(needle), result = new Mat();
        try {
            return median(() -> {
                Imgproc.matchTemplate(s, n, result, Imgproc.TM_CCOEFF_NORMED);
                return Core.minMaxLoc(result);
            });
        } finally {
            s.release();
            n.release();
            result.release();
        }
    }

    private static Mat grey(BufferedImage image) {
        Mat m = new Mat(image.getHeight(), image.getWidth(), CvType.CV_8UC1);
        m.put(0, 0, Images.grey(image));
        return m;
    }

    /** The exact matcher Vaxiin had before OpenCV: first place where every pixel is within 8 per channel. */
    static Rectangle exactScan(BufferedImage screen, BufferedImage needle) {
        int sw = screen.getWidth(), sh = screen.getHeight(), nw = needle.getWidth(), nh = needle.getHeight();
        int[] s = screen.getRGB(0, 0, sw, sh, null, 0, sw);
        int[] n = needle.getRGB(0, 0, nw, nh, null, 0, nw);
        for (int y = 0; y <= sh - nh; y++) {
            next:
            for (int x = 0; x <= sw - nw; x++) {
                for (int j = 0; j < nh; j++) {
                    for (int i = 0; i < nw; i++) {
                        int a = s[(y + j) * sw + x + i], b = n[j * nw + i];
                        if (a != b && !close(a, b)) continue next;
                    }
                }
                return new Rectangle(x, y, nw, nh);
            }
        }
        return null;
    }

    private static double median(Supplier<?> task) {
        return median(task, RUNS);
    }

    private static double median(Supplier<?> task, int runs) {
        for (int i = 0; i < 5; i++) task.get();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            task.get();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return ConsoleBench.median(ms);
    }

    private MatchBench() {}
}
