package io.vaxiin.vision

import io.vaxiin.fixture.UnseenFonts
import spock.lang.Specification
import spock.lang.Unroll

/**
 * OCR reads a font's marked zero (Terminus's slashed 0) as '6', '8' or '@', and an oval zero as
 * 'O', on every row alike, so votes alone never settle it: the learner tells it by the font (the
 * font's O with a mark inside) and by the context (a round shape that stands among digits).
 */
class FontLearnerZerosSpec extends Specification {

    static int[] rows(String font, int cp) {
        ConsoleFonts.read(font, UnseenFonts.DIR.resolve(font + '.psf.gz')).glyph(cp).rows()
    }

    @Unroll("in #font, 0 is #verdict O with a mark inside")
    def "a zero is the font's O with a mark inside only where the font draws it so"() {
        expect:
        ShapeCharacters.markedInside(rows(font, 0x4F), rows(font, 0x30)) == marked
        !ShapeCharacters.markedInside(rows(font, 0x4F), rows(font, 0x4F))
        !ShapeCharacters.markedInside(rows(font, 0x4F), rows(font, 0x51)) // Q's tail leaves the O

        where:
        font                  | marked
        'Lat15-Terminus20x10' | true
        'Uni2-VGA14'          | false
        'Uni2-Fixed16'        | false
        verdict = marked ? 'an' : 'not an'
    }

    @Unroll("a boot log in #font reads its zeros as 0")
    def "the zeros of a kernel log's timestamps and addresses read as 0"() {
        given:
        def frames = UnseenFonts.frames(UnseenFonts.load(font), 'boot-log')
        def reader = new ConsoleReader()

        when:
        def lines = reader.read(frames.firstImage).lines()

        then: 'every timestamp as the console shows it (the log fills the frame from its corner: row for row)'
        def truth = frames.firstTruth()
        def stamped = (0..<truth.size()).findAll { truth[it] ==~ /^\[ +\d+\.\d{6}\].*/ }
        stamped.size() >= 10
        stamped.every { lines[it].take(14) == truth[it].take(14) }

        cleanup:
        reader?.close()

        where:
        font << ['Lat15-Terminus20x10', 'Uni2-VGA14']
    }
}
