package io.vaxiin.vision

import io.vaxiin.fixture.UnseenFonts
import spock.lang.Specification

/**
 * What each learnt shape is, from OCR's votes and then the font: cases where OCR's votes alone
 * name the wrong character, with the votes OCR cast on tuning fonts (UNSEEN-FONTS.md).
 */
class ShapeCharactersSpec extends Specification {

    /** Letters that stand on the baseline, enough to tell it by ({@link ShapeCharacters#BASELINE_FROM}). */
    static final List<String> LETTERS = 'abcdehkmnorstuwx'.collect { it }

    /** The shapes of {@code font}'s {@code chars}, each with the votes given. */
    static Map<CellShapes.Shape, KnownShape> shapes(BitmapFont font, Map<String, Map<String, Integer>> votes) {
        Map<CellShapes.Shape, KnownShape> known = [:]
        votes.each { String c, Map<String, Integer> v ->
            KnownShape k = new KnownShape()
            v.each { String read, Integer n -> k.votes[read.codePointAt(0)] = n }
            known[new CellShapes.Shape(font.glyph(c.codePointAt(0)).rows())] = k
        }
        known
    }

    /** What each of {@code font}'s characters (by the glyph the shape is) reads as. */
    static Map<String, String> read(BitmapFont font, Map<String, Map<String, Integer>> votes) {
        def known = shapes(font, votes)
        def out = new ShapeCharacters(known, font.width()).of()
        votes.keySet().collectEntries { String c ->
            [(c): new String(Character.toChars(out[new CellShapes.Shape(font.glyph(c.codePointAt(0)).rows())]))]
        }
    }

    def "a shape OCR named as often as another shape's character is the character its design surely is, when the other is surely the named one"() {
        given: "VGA 16x28's 8, which OCR read as '6' five times of seven, more often than its 6 was"
        def font = UnseenFonts.load('Uni2-VGA28x16').font()

        expect:
        read(font, ['8': ['6': 5, '8': 2], '6': ['6': 4], 'A': ['A': 3]]) == ['8': '8', '6': '6', 'A': 'A']
    }

    def "of two shapes read as a letter that descends, the one that does is the lower case only when the other stands taller"() {
        given: "Lucida Typewriter 6x11's v, read as 'y' seven times and as 'v' five, as tall as its y"
        def font = UnseenFonts.load('X11-75dpi/lutRS10').font()

        def letters = LETTERS.collectEntries { [(it): [(it): 3]] }

        expect:
        read(font, letters + ['y': ['y': 11], 'v': ['y': 7, 'v': 5], 'Y': ['Y': 2]]).subMap(['y', 'v', 'Y']) == ['y': 'y', 'v': 'v', 'Y': 'Y']
    }

    def "a shape that descends below the font's baseline is not taken for a letter that does not, however like its design"() {
        given: "Lucida Typewriter 6x11's y: cut to its box, it is more like the shipped fonts' Z than their y"
        def font = UnseenFonts.load('X11-75dpi/lutRS10').font()
        def y = font.glyph((int) 'y').rows()

        expect:
        GlyphDesigns.likest(y, 6, -1)[0] == (int) 'Z'
        int descending = GlyphDesigns.likest(y, 6, 1)[0]
        !Character.isLetter(descending) || GlyphDesigns.DESCENDERS.indexOf(descending) >= 0

        and: 'with letters enough to tell the baseline by, a y OCR read right stays a y'
        def letters = LETTERS.collectEntries { [(it): [(it): 3]] }
        read(font, letters + ['y': ['y': 3]])['y'] == 'y'
    }

    def "of two shapes left with one character, the one with another reading takes it when more votes agree so"() {
        given: "Spleen 12x24's M and N (Spleen 8x16's votes: its M read as 'N' 9 times and as 'M' 4, its N as 'N' 6)"
        def font = UnseenFonts.load('X11-spleen-12x24').font()

        expect:
        read(font, ['M': ['N': 9, 'M': 4], 'N': ['N': 6]]) == ['M': 'M', 'N': 'N']

        and: 'not when its other reading is one misreading: the shape with one vote is the one misread'
        read(font, ['M': ['M': 9, 'N': 1], 'N': ['M': 1]]) == ['M': 'M', 'N': 'M']

        and: 'nor when its other reading is another shape\'s'
        read(font, ['M': ['N': 9, 'H': 4], 'N': ['N': 6], 'H': ['H': 5]]) == ['M': 'N', 'N': 'N', 'H': 'H']
    }

    def "a shape that is a bracket's mirror image is the other bracket, when no shape reads as it"() {
        given: "Neep 5x11's '<', which OCR read as 'c' on the two rows that show one"
        def font = UnseenFonts.load('X11-neep-alt-iso8859-1-05x11').font()

        expect:
        read(font, ['>': ['>': 2], '<': ['c': 2], 'c': ['c': 15, 'e': 4]]) == ['>': '>', '<': '<', 'c': 'c']

        and: 'not from a bracket read once'
        read(font, ['>': ['>': 1], '<': ['c': 2], 'c': ['c': 15]])['<'] != '<'
    }

    def "a design's second opinion does not make a letter no taller than the font's x-height a capital"() {
        given: "efont 12's 'v', which cut to its box is the shipped fonts' 'V' (read as 'v' 8 times)"
        def font = UnseenFonts.load('X11-h12').font()
        def letters = (LETTERS + 'BDEHKLT'.collect { it }).collectEntries { [(it): [(it): 3]] }

        expect:
        GlyphDesigns.likest(font.glyph((int) 'v').rows(), 6, 0)[0] == (int) 'V'
        read(font, letters + ['v': ['v': 8, 'w': 1, 'y': 2]])['v'] == 'v'
    }
}
