package io.vaxiin.vision

import io.vaxiin.fixture.UnseenFonts
import io.vaxiin.fixture.UnseenFonts.Face
import io.vaxiin.fixture.UnseenFonts.Frames
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.util.Locale

/**
 * Console screens in Linux console fonts the reader does not ship (UNSEEN-FONTS.md beside
 * UnseenFonts says which fonts are for tuning and which are only measured): the corpus is checked
 * to be right, and the reader's accuracy on it is measured and printed, as bin/bench vision does
 * (1 - edit distance / truth length over the text with lines stripped, blanks collapsed and blank
 * lines dropped), with box drawing and blocks scored apart.
 */
@Requires({ UnseenFonts.present() })
class UnseenFontSpec extends Specification {

    /**
     * The issue's goal for any monospaced bitmap console font not shipped: 99.9% of characters on
     * the first frame, 100% of box drawing and blocks. NOT asserted yet: the reader learns unseen
     * fonts (FontLearner) but its OCR votes still misread a few shapes (see README). Flip this to
     * true when it meets the goal.
     */
    static final boolean ASSERT_UNSEEN_GOAL = false
    /**
     * What the font learnt on the console (FontLearner) reads on the tuning set, at the least: each
     * frame, and the set on average (on 2026-12-07, with its 22 fonts: 99.30 % on the worst frame,
     * Courier bold 6x10's boot log, 99.96 % on average; later that day, with its 28 fonts, 99.97 %;
     * with its 30 fonts, once efont's corners and shades were told, 99.96 %).
     */
    static final double LEARNT_FLOOR = 0.98
    static final double LEARNT_MEAN = 0.999
    /**
     * The same for the held-out set, lower: the fresh held-out set of 2026-12-07 (xfonts-base's X11
     * fonts among them) measured 88.0 % on its worst frame (Schumacher Clean 6x12's boot log) and
     * 98.2 % on average the first time it was read, against 99.2 % and 99.9 % for the tuning set:
     * the reader is still tuned to the fonts it was tuned on. These guard against it getting worse
     * on fonts nobody tuned for; they are not the goal (UNSEEN_GOAL), which it does not meet. The
     * mean was raised from 97.5 % when the held-out set read 99.0 % a frame on average (a later
     * session of 2026-12-07); the fresh set (Cronyx's fonts) is held to the same.
     */
    static final double HELD_OUT_FLOOR = 0.85
    static final double HELD_OUT_MEAN = 0.985
    static final double UNSEEN_GOAL = 0.999
    static final double UNSEEN_BOX_GOAL = 1.0

    @Shared Map<String, Face> faces = (UnseenFonts.TUNING + UnseenFonts.HELD_OUT + UnseenFonts.FRESH + UnseenFonts.CONTROL)
        .collectEntries { [(it): UnseenFonts.load(it)] }
    @Shared Map<String, List<Frames>> frames = faces.collectEntries { n, f -> [(n): UnseenFonts.frames(f)] }

    static List<BitmapFont> shipped() { BitmapFont.builtIn() + ConsoleFonts.linux() }

    /** Of the characters both fonts have, the share whose bitmaps are equal (any bitmap of the shipped font's). */
    static double sameGlyphs(BitmapFont font, BitmapFont ship) {
        int common = 0, same = 0
        font.glyphs().each { g ->
            def theirs = ship.glyphs().findAll { it.codePoint() == g.codePoint() }
            if (theirs) {
                common++
                if (theirs.any { Arrays.equals(it.rows(), g.rows()) }) same++
            }
        }
        common == 0 ? 0 : same / (double) common
    }

    static String normalise(List<String> lines) {
        lines.collect { it.strip().replaceAll(/\s+/, ' ') }.findAll { it }.join('\n')
    }

    static double accuracy(String truth, String read) {
        truth.isEmpty() ? (read.isEmpty() ? 1d : 0d) : 1d - Fixtures.editDistance(truth, read) / (double) truth.length()
    }

    def "the tuning and held-out fonts are none the reader ships; the control fonts are"() {
        expect: 'no shipped font of the same cell shares more than a tenth of its glyph bitmaps with an unseen font'
        (UnseenFonts.TUNING + UnseenFonts.HELD_OUT + UnseenFonts.FRESH).every { n ->
            def font = faces[n].font()
            shipped().findAll { it.width() == font.width() && it.height() == font.height() }.every { sameGlyphs(font, it) < 0.1 }
        }

        and: 'each control font is a shipped one, glyph for glyph'
        UnseenFonts.CONTROL.every { n ->
            def font = faces[n].font()
            shipped().any { it.width() == font.width() && it.height() == font.height() && sameGlyphs(font, it) == 1d }
        }

        and: 'the tuning and held-out sets do not overlap'
        UnseenFonts.TUNING.intersect(UnseenFonts.HELD_OUT).isEmpty()
        UnseenFonts.FRESH.intersect(UnseenFonts.TUNING + UnseenFonts.HELD_OUT).isEmpty()
    }

    def "every font shows the boot log; a screen is skipped only for characters the font does not map, or draws alike"() {
        expect:
        faces.every { n, face -> frames[n]*.screen.contains('boot-log') }
        frames.every { n, list -> list*.screen.every { !(it in UnseenFonts.skipped(faces[n]).keySet() || it in UnseenFonts.alike(faces[n]).keySet()) } }
        // Lucida Typewriter 7x13 draws its hyphen as the box line: the whiptail menu's frame and its "grub-pc" are one bitmap
        UnseenFonts.alike(faces['X11-75dpi/lutRS12']) == ['whiptail': '-─', 'bios-setup': '-─']
        faces.findAll { n, face -> UnseenFonts.alike(face) }.keySet() == ['X11-75dpi/lutRS12', 'X11-proof9x16_c', 'X11-screen11x18_c', 'X11-screen9x18_c'] as Set
        // Cronyx's Proof and Screen draw double box lines with their single ones: only their boot logs are shown
        faces.every { n, face ->
            UnseenFonts.skipped(face).every { screen, chars -> chars.codePoints().toArray().every { face.shown(it) == null } }
        }
        // console-setup's Lat15 and Uni2 fonts do not map ▓ ▄ ▀ at all (Uni2-VGA14 and -VGA28x16 do)
        UnseenFonts.skipped(faces['Lat15-Fixed14']).keySet() == ['bios-setup'] as Set
        UnseenFonts.skipped(faces['FullGreek-Terminus24x12']).isEmpty()
        UnseenFonts.skipped(faces['Uni2-VGA14']).isEmpty()
    }

    def "the corpus is right: each frame read back cell by cell with the font's own glyphs is its truth"() {
        expect:
        frames.every { n, list ->
            list.every { Frames f ->
                def face = faces[n]
                def own = (f.firstTruth() + f.nextTruth()).join('').codePoints().toArray().every { face.shown(it) == it }
                own && UnseenFonts.readBack(face, f.firstImage, f, f.first) == f.firstTruth() &&
                    UnseenFonts.readBack(face, f.nextImage, f, f.next) == f.nextTruth() &&
                    f.firstTruth().any { it } && normalise(f.firstTruth()) != '' &&
                    (f.firstTruth() != f.nextTruth() || f.firstImage.getRGB(0, 0, 1024, 768, null, 0, 1024) !=
                        f.nextImage.getRGB(0, 0, 1024, 768, null, 0, 1024))
            }
        }

        and: 'the menu and the setup page have their box drawing and blocks, double lines where the font draws them'
        frames['FullGreek-Terminus24x12'].every { f ->
            def boxes = UnseenFonts.boxesOnly(f.firstTruth())
            f.screen == 'boot-log' ? boxes.isEmpty() : ['═', '║', '╔', '▒'].every { boxes.contains(it) }
        }
        frames['Lat15-Fixed14'].find { it.screen == 'whiptail' }.firstTruth().join('').contains('┌')
        !frames['Lat15-Fixed14'].find { it.screen == 'whiptail' }.firstTruth().join('').contains('╔')
    }

    def "the reader is measured on every font; the fonts it ships read exactly"() {
        given:
        def rows = []

        when:
        faces.each { n, face ->
            String set = n in UnseenFonts.TUNING ? 'tuning' : n in UnseenFonts.HELD_OUT ? 'held out' : n in UnseenFonts.FRESH ? 'fresh' : 'control'
            new ConsoleReader().withCloseable { reader ->
                frames[n].each { Frames f ->
                    long t0 = System.nanoTime()
                    def text = reader.read(f.firstImage)
                    double ms = (System.nanoTime() - t0) / 1e6
                    String truth = normalise(f.firstTruth()), read = normalise(text.lines())
                    double box = accuracy(UnseenFonts.boxesOnly(f.firstTruth()), UnseenFonts.boxesOnly(text.lines()))
                    rows << [set: set, font: n, screen: f.screen, reader: text.reader(), acc: accuracy(truth, read), box: box,
                             ms: ms, hasBoxes: !UnseenFonts.boxesOnly(f.firstTruth()).isEmpty()]
                }
            }
        }
        println String.format(Locale.ROOT, '%-9s %-26s %-11s %-10s %9s %9s %9s', 'set', 'font', 'screen', 'reader', 'accuracy', 'boxes', 'ms')
        rows.each { r ->
            println String.format(Locale.ROOT, '%-9s %-26s %-11s %-10s %8.2f%% %8s %9.1f', r.set, r.font, r.screen, r.reader,
                100 * r.acc, r.hasBoxes ? String.format(Locale.ROOT, '%.2f%%', 100 * r.box) : '-', r.ms)
        }
        faces.each { n, face -> UnseenFonts.skipped(face).each { s, chars -> println "skipped: $n $s (does not map $chars)" } }
        faces.each { n, face -> UnseenFonts.alike(face).each { s, chars -> println "skipped: $n $s (draws $chars alike)" } }
        // the goal counts characters on the first frame that shows each at least twice: which are shown only once
        frames.each { n, list ->
            list.each { Frames f ->
                def counts = f.firstTruth().join('').codePoints().toArray().toList().countBy { it }
                def once = counts.findAll { cp, k -> k == 1 }.keySet().collect { new String(Character.toChars(it)) }.join('')
                if (once) println "shown once: $n ${f.screen}: $once"
            }
        }

        then: 'the control fonts, which the reader ships, read exactly on the grid'
        rows.findAll { it.set == 'control' }.every { it.acc == 1d && it.box == 1d && it.reader == 'grid' }
        rows.size() == frames.values().sum { it.size() }

        and: 'every unseen font is learnt from its console and read on its grid: each tuning frame at least 98 % right and the tuning set 99.9 % on average, each held-out or fresh frame 85 % and each of those sets 98.5 % (today; the goal below is 99.9 %)'
        def unseen = rows.findAll { it.set != 'control' }
        unseen.findAll { it.reader != 'grid' || it.acc < (it.set == 'tuning' ? LEARNT_FLOOR : HELD_OUT_FLOOR) }
            .collect { "${it.font} ${it.screen}: ${it.reader} ${it.acc}" } == []
        ['tuning': LEARNT_MEAN, 'held out': HELD_OUT_MEAN, 'fresh': HELD_OUT_MEAN].every { set, mean ->
            unseen.findAll { it.set == set }.sum { it.acc } / unseen.count { it.set == set } >= mean
        }

        and: 'the goal for unseen fonts, once the reader learns them (ASSERT_UNSEEN_GOAL)'
        !ASSERT_UNSEEN_GOAL || rows.findAll { it.set != 'control' }.every { it.acc >= UNSEEN_GOAL && (!it.hasBoxes || it.box >= UNSEEN_BOX_GOAL) }
    }
}
