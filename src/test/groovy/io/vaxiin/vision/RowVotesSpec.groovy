package io.vaxiin.vision

import spock.lang.Specification

/**
 * How OCR's reading of a row becomes votes for its cells' shapes ({@link RowVotes}), through a
 * font learner, with an OCR that reads each row right but places some characters' boxes a cell
 * off, as Tesseract does for a small font's narrow letters.
 */
class RowVotesSpec extends Specification {

    static final BitmapFont FONT = BitmapFont.named('vga-9x16')
    static final List<String> LINES = (1..4).collect { 'quiet quiet quiet quiet quiet quiet quiet' }

    /** An OCR that reads every row as {@code LINES[0]}, each box where its cell is but those of {@code drifted}, a cell to the right. */
    static FontLearner.Ocr ocr(String drifted) {
        return { List<CellReader.Picture> pictures ->
            pictures.collect { CellReader.Picture p ->
                int scale = p.height() / (2 * FONT.height())
                int pad = FONT.height() * scale / 2
                int cell = FONT.width() * scale
                def symbols = []
                LINES[0].eachWithIndex { String ch, int c ->
                    if (ch != ' ') {
                        int at = c + (drifted.contains(ch) ? 1 : 0)
                        symbols << new CellReader.Symbol(ch, pad + at * cell + 1, pad + (at + 1) * cell - 2)
                    }
                }
                symbols
            }
        } as FontLearner.Ocr
    }

    def "a word read as as many characters as it has cells votes them in order, wherever OCR put their boxes"() {
        given: "rows of 'quiet', whose q OCR reads right but boxes over the u"
        def image = ConsoleReaderLearningSpec.draw(FONT, LINES, 720, 400)
        def learner = new FontLearner()

        when:
        def font = learner.learn(Pixels.rgb(image), 720, 400, ocr('q'))

        then: 'the q is learnt as the q, and the u as the u'
        font != null
        font.glyphs().find { it.codePoint() == (int) 'q' }?.rows() == FONT.glyph((int) 'q').rows()
        font.glyphs().find { it.codePoint() == (int) 'u' }?.rows() == FONT.glyph((int) 'u').rows()
    }
}
