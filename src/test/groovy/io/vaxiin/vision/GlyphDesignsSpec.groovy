package io.vaxiin.vision

import io.vaxiin.fixture.UnseenFonts
import spock.lang.Specification
import spock.lang.Unroll

/** A second opinion on a learnt shape: how like a character as the shipped fonts draw it. */
class GlyphDesignsSpec extends Specification {

    static BitmapFont vga8 = ConsoleFonts.read('lat15-vga8', UnseenFonts.DIR.resolve('Lat15-VGA8.psf.gz'))

    @Unroll("in an 8x8 font no shipped font is drawn in, '#c' is liker its own designs than '#misread', which OCR reads it as")
    def "a character of a font nobody shipped is most like its own designs"() {
        given:
        def rows = vga8.glyph((int) c.charAt(0)).rows()

        expect:
        GlyphDesigns.likest(rows, 8, -1)[0] == (int) c.charAt(0)
        GlyphDesigns.likeness(rows, 8, (int) c.charAt(0)) >= GlyphDesigns.likeness(rows, 8, (int) misread.charAt(0)) + ShapeCharacters.LIKER_BY

        where:
        c   | misread
        'X' | 'H'
        '<' | 't'
        '*' | 'x'
    }

    def "signs whose look hangs on where they sit in the cell, and letters that are one another's design but for a detail, are not compared"() {
        expect:
        [',', "'", '.', '-', '_', '0', 'O', 'o', '1', 'l', 'I', '|'].every { !GlyphDesigns.compared((int) it.charAt(0)) }
        GlyphDesigns.likeness(vga8.glyph((int) 'X').rows(), 8, (int) ',') == -1
    }
}
