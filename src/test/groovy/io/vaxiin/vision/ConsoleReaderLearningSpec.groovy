package io.vaxiin.vision

import io.vaxiin.fixture.UnseenFonts
import spock.lang.Shared
import spock.lang.Specification

import java.awt.image.BufferedImage

/**
 * A console reader learns the font of a console no shipped font reads, and keeps it for that
 * console; a console the shipped fonts read is never taken over by a font learnt on one odd
 * frame of it (an empty screen with a cursor, a dithered background).
 */
class ConsoleReaderLearningSpec extends Specification {

    @Shared BitmapFont vga = BitmapFont.named('vga-9x16')

    /** {@code lines} in {@code font}, white on black, from the top left of a {@code w × h} frame; {@code ground} paints the rest. */
    static BufferedImage draw(BitmapFont font, List<String> lines, int w, int h, Closure<Integer> ground = { x, y -> 0 }) {
        drawAt(font, lines, w, h, 0, 0, ground)
    }

    /** Has {@code reader} read a boot log in unseen font {@code font}; that console's {@code screen} (UnseenFonts), to read next. */
    static UnseenFonts.Frames afterBootLog(ConsoleReader reader, String font, String screen) {
        def face = UnseenFonts.load(font)
        reader.read(UnseenFonts.frames(face, 'boot-log').firstImage)
        UnseenFonts.frames(face, screen)
    }

    /** {@code lines} in {@code font}, white on black, their first cell at pixel ({@code ox}, {@code oy}) of a {@code w × h} frame. */
    static BufferedImage drawAt(BitmapFont font, List<String> lines, int w, int h, int ox, int oy, Closure<Integer> ground = { x, y -> 0 }) {
        def image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB)
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) image.setRGB(x, y, ground(x, y))
        lines.eachWithIndex { String line, int r ->
            line.eachWithIndex { String ch, int c ->
                def g = font.glyph(ch.codePointAt(0))
                for (int y = 0; y < font.height(); y++) for (int x = 0; x < font.width(); x++) {
                    image.setRGB(ox + c * font.width() + x, oy + r * font.height() + y, g != null && font.ink(g, x, y) ? 0xFFFFFF : 0)
                }
            }
        }
        image
    }

    def "a frame showing only a cursor teaches no font, and the prompt that follows reads in the shipped one"() {
        given:
        def reader = new ConsoleReader()
        def cursor = draw(vga, ['\u2588'], 720, 400)
        def prompt = draw(vga, ['Password: \u2588'], 720, 400)

        when:
        reader.read(cursor)
        def text = reader.read(prompt)

        then:
        reader.learntFont() == null
        text.reader() == GridTextReader.NAME
        text.lines()[0].startsWith('Password:')

        cleanup:
        reader?.close()
    }

    def "a dithered background is no font to learn"() {
        given:
        def reader = new ConsoleReader()
        def stipple = draw(vga, [], 800, 600, { x, y -> (x + y) % 2 == 0 ? 0x555555 : 0xAAAAAA })

        when:
        reader.read(stipple)

        then:
        reader.learntFont() == null

        cleanup:
        reader?.close()
    }

    def "a console in a font nobody shipped is learnt once, and its next frame reads in that font without OCR"() {
        given:
        def frames = UnseenFonts.frames(UnseenFonts.load('Uni2-Fixed16'), 'boot-log')
        def reader = new ConsoleReader()

        when:
        def first = reader.read(frames.firstImage)
        def font = reader.learntFont()
        long t0 = System.nanoTime()
        def next = reader.read(frames.nextImage)
        double ms = (System.nanoTime() - t0) / 1e6

        then: 'the learnt font reads both, and the next frame cost what a known font costs'
        font != null && font.width() == 8 && font.height() == 16
        first.reader() == GridTextReader.NAME && next.reader() == GridTextReader.NAME
        reader.learntFont().is(font) || reader.learntFont().glyphs().size() >= font.glyphs().size()
        def got = next.lines()*.strip().findAll { it }
        def want = frames.nextTruth()*.strip().findAll { it }
        got.size() == want.size()
        (0..<want.size()).count { got[it] == want[it] } >= 0.9 * want.size()
        ms < 500

        cleanup:
        reader?.close()
    }

    def "a console whose font changes at the same cell size learns the new font, and does not read it as the old one"() {
        given: 'a console that learnt VGA at 8x14, then shows a boot log in Fixed at 8x14 (tuning fonts, UNSEEN-FONTS.md)'
        def before = UnseenFonts.frames(UnseenFonts.load('Uni2-VGA14'), 'whiptail')
        def after = UnseenFonts.frames(UnseenFonts.load('Lat15-Fixed14'), 'boot-log')
        def reader = new ConsoleReader()
        reader.read(before.firstImage)
        def vga14 = reader.learntFont()

        when:
        def lines = reader.read(after.firstImage).lines()

        then: 'every line as the console shows it (it read 77 % of its characters when the old shapes stayed)'
        vga14 != null && !reader.learntFont().is(vga14)
        def truth = after.firstTruth()
        (0..<truth.size()).findAll { (lines[it] ?: '').stripTrailing() != truth[it].stripTrailing() } == []

        cleanup:
        reader?.close()
    }

    def "a console in a font that draws its box lines as a shipped font does learns its dialog, and does not leave it to OCR"() {
        given: "Spleen 8x16, whose box drawing is the shipped 8x16 fonts' (so neither a tuning nor a held-out font): a boot log, then a dialog"
        def reader = new ConsoleReader()
        def dialog = afterBootLog(reader, 'X11-spleen-8x16', 'whiptail')

        when: 'terminus-8x16 finds its grid on the dialog, and reads its box but not its text'
        def text = reader.read(dialog.firstImage)

        then: 'the dialog reads in the learnt font (it went to OCR whole, box lines lost); its box lines as the console shows them'
        text.reader() == 'grid' && text.area() != null
        def truth = dialog.firstTruth()
        def lines = text.lines()
        (0..<truth.size()).findAll { truth[it] =~ /[─│┌┐└┘╔╗╚╝║═]/ && (lines[it] ?: '').stripTrailing().replaceAll(/[^─│┌┐└┘╔╗╚╝║═▒░ ]/, '') !=
                truth[it].stripTrailing().replaceAll(/[^─│┌┐└┘╔╗╚╝║═▒░ ]/, '') } == []
        def wrong = (0..<truth.size()).sum { int i ->
            String t = truth[i].stripTrailing(), r = (lines[i] ?: '').stripTrailing()
            t.length() == r.length() ? (0..<t.length()).count { t[it] != r[it] } : Math.max(t.length(), 1)
        }
        wrong <= 0.01 * truth.join().replace(' ', '').length()

        cleanup:
        reader?.close()
    }

    def "a font whose corners stop a pixel short of the cell's edge reads them as box drawing where they end a box line"() {
        given: "efont 12 (a tuning font), whose ┐ ┤ ┘ ╗ ╝ end their arm left a pixel in: a boot log, then a dialog"
        def reader = new ConsoleReader()
        def dialog = afterBootLog(reader, 'X11-h12', 'whiptail')

        when:
        def text = reader.read(dialog.firstImage)

        then: 'every box-drawing character of the dialog as the console shows it (OCR read those corners as 1 7 4 J)'
        text.reader() == 'grid'
        UnseenFonts.boxesOnly(dialog.firstTruth()) =~ /[┐┘]/
        UnseenFonts.boxesOnly(text.lines()) == UnseenFonts.boxesOnly(dialog.firstTruth())

        cleanup:
        reader?.close()
    }
}
