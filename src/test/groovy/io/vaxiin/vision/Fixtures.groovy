package io.vaxiin.vision

import javax.imageio.ImageIO
import java.awt.image.BufferedImage
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/** The shared console screenshots with their exact text (see the fixtures' README). */
class Fixtures {

    static final Path ROOT = io.vaxiin.fixture.Fixtures.ROOT.resolve('screens')

    /** One INDEX.tsv row. */
    static class Screen {
        String file
        String kind
        String font

        BufferedImage image() { ImageIO.read(ROOT.resolve(file).toFile()) }

        List<String> truth() {
            Files.readAllLines(ROOT.resolve(file.replaceAll(/\.png$/, '.txt')), StandardCharsets.UTF_8)
        }

        String toString() { file }
    }

    static boolean present() { Files.isRegularFile(ROOT.resolve('INDEX.tsv')) }

    static List<Screen> all() {
        if (!present()) {
            throw new IllegalStateException("the shared screen fixtures are missing at $ROOT")
        }
        def rows = Files.readAllLines(ROOT.resolve('INDEX.tsv'), StandardCharsets.UTF_8)
        def header = rows[0].split('\t') as List
        rows.drop(1).findAll { it.trim() }.collect { line ->
            def f = line.split('\t')
            new Screen(file: f[header.indexOf('file')], kind: f[header.indexOf('kind')], font: f[header.indexOf('font')])
        }
    }

    static List<Screen> ofKind(String kind) { all().findAll { it.kind == kind } }

    /**
     * Character accuracy independent of layout: 1 - edit distance / length, over the text with
     * blank rows dropped and every run of white space as one space (OCR does not keep columns).
     */
    static double accuracy(List<String> truth, List<String> read) {
        String t = normalise(truth)
        String r = normalise(read)
        t.isEmpty() ? (r.isEmpty() ? 1d : 0d) : Math.max(0d, 1d - editDistance(t, r) / (double) t.length())
    }

    static String normalise(List<String> lines) { lines.join(' ').replaceAll(/\s+/, ' ').trim() }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1]
        int[] cur = new int[b.length() + 1]
        for (int j = 0; j <= b.length(); j++) { prev[j] = j }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1)
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), sub)
            }
            int[] swap = prev; prev = cur; cur = swap
        }
        prev[b.length()]
    }

    static double median(List<Long> nanos) {
        def sorted = nanos.sort(false)
        sorted[sorted.size().intdiv(2)] / 1e6d
    }
}
