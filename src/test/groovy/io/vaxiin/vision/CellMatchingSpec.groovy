package io.vaxiin.vision

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import static io.vaxiin.vision.VgaColor.*

/** {@link CellMatching}: what one cell is, read against its own two colours. */
class CellMatchingSpec extends Specification {

    @Shared GlyphMatcher vga = new GlyphMatcher(BitmapFont.fromVga(VgaFont.vga(), 9))

    /** Decodes cell (col, row) of a rendered 80×25 VGA screen into slot {@code col} of {@code row}. */
    int decode(TextModeScreen screen, int r, int c, CellMatching.Row row, boolean tolerant = true) {
        def work = new CellMatching.Work()
        work.use(vga)
        CellMatching.decode(Pixels.rgb(screen.render()), 720, c * 9, r * 16, work, row, c, tolerant)
    }

    @Unroll("'#text' in #fg on #bg is looked up exactly, its colours told apart")
    def "a two-colour cell is looked up exactly, whichever colour its top-left pixel is"() {
        given:
        def screen = TextModeScreen.vga80x25().cursorVisible(false).put(3, 7, text, fg, bg)
        def row = new CellMatching.Row(80)

        expect:
        decode(screen, 3, 7, row) == CellMatching.GLYPH
        row.code[7] == text.codePointAt(0)
        row.fg[7] == fg.rgb()
        row.bg[7] == bg.rgb()
        !row.near[7]

        where:
        text | fg         | bg
        'A'  | WHITE      | BLUE
        'A'  | BLUE       | WHITE
        'g'  | BLACK      | LIGHT_GRAY
        '┼'  | LIGHT_GRAY | BLACK
        '0'  | YELLOW     | RED
    }

    def "a half block reads both ways until the row says which (ambiguous, with both readings)"() {
        given:
        def screen = TextModeScreen.vga80x25().cursorVisible(false).put(0, 0, '▀', WHITE, BLUE)
        def row = new CellMatching.Row(80)

        expect:
        decode(screen, 0, 0, row) == CellMatching.AMBIGUOUS
        [row.code[0], row.code2[0]] as Set == [0x2580, 0x2584] as Set
    }

    def "a cell of one colour, a full block, or two shades of one colour is blank, in that colour"() {
        given:
        def screen = TextModeScreen.vga80x25().cursorVisible(false).put(0, 0, ' █', WHITE, BLUE)
        def row = new CellMatching.Row(80)
        int[] shades = (0..<(9 * 16)).collect { it % 5 == 0 ? 0xAAAAAA : 0xACACAC } as int[]
        def work = new CellMatching.Work()
        work.use(vga)

        expect:
        decode(screen, 0, 0, row) == CellMatching.BLANK
        row.bg[0] == BLUE.rgb()
        decode(screen, 0, 1, row) == CellMatching.BLANK
        row.bg[1] == WHITE.rgb()
        CellMatching.decode(shades, 9, 0, 0, work, row, 2) == CellMatching.BLANK
    }

    def "a cell under the underline cursor reads as its glyph when tolerant, and as no glyph on exact lookups alone"() {
        given:
        def screen = TextModeScreen.vga80x25().put(5, 0, 'grub>').cursor(5, 2)
        def row = new CellMatching.Row(80)

        expect:
        decode(screen, 5, 2, row) == CellMatching.GLYPH
        row.code[2] == 'u'.codePointAt(0)
        decode(screen, 5, 2, row, false) == CellMatching.UNKNOWN
    }

    def "a two-colour cell that is no glyph is unknown; one a few bits off a glyph is that glyph, read near"() {
        given: 'an A with one pixel more, and random pixels'
        def screen = TextModeScreen.vga80x25().cursorVisible(false).put(0, 0, 'A', WHITE, BLACK)
        int[] px = Pixels.rgb(screen.render())
        px[2 * 720 + 1] = WHITE.rgb()
        def random = new Random(9)
        int[] noise = (0..<(9 * 16)).collect { random.nextBoolean() ? WHITE.rgb() : BLACK.rgb() } as int[]
        def work = new CellMatching.Work()
        work.use(vga)
        def row = new CellMatching.Row(2)

        expect:
        CellMatching.decode(px, 720, 0, 0, work, row, 0) == CellMatching.GLYPH
        row.code[0] == 'A'.codePointAt(0)
        row.near[0]
        CellMatching.decode(px, 720, 0, 0, work, row, 0, false) == CellMatching.UNKNOWN
        CellMatching.decode(noise, 9, 0, 0, work, row, 1) == CellMatching.UNKNOWN
    }

    def "a cell of many colours says nothing on exact lookups alone, and is split and read when tolerant"() {
        given: "an 'E' in yellow on blue with every other background pixel a shade off"
        def screen = TextModeScreen.vga80x25().cursorVisible(false).put(0, 0, 'E', YELLOW, BLUE)
        int[] px = Pixels.rgb(screen.render())
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 9; x++) {
                if (px[y * 720 + x] == BLUE.rgb() && (x + y) % 2 == 0) {
                    px[y * 720 + x] = 0x0808B2
                }
            }
        }
        def work = new CellMatching.Work()
        work.use(vga)
        def row = new CellMatching.Row(1)

        expect:
        CellMatching.decode(px, 720, 0, 0, work, row, 0, false) == CellMatching.BLANK
        CellMatching.decode(px, 720, 0, 0, work, row, 0, true) == CellMatching.GLYPH
        row.code[0] == 'E'.codePointAt(0)
        row.near[0]
    }

    def "the nearest glyph is taken only when near and clearly nearer than any other character"() {
        expect:
        CellMatching.clearlyNearest(distance, second, codePoint, 12) == taken

        where:
        distance | second | codePoint  | taken
        0        | 10     | 0x41       | true
        10       | 15     | 0x41       | true    // 5 nearer: half of 10
        10       | 14     | 0x41       | false   // not clearly nearer
        26       | 60     | 0x41       | false   // too far from any glyph
        25       | 60     | 0x41       | true
        4        | 5      | 0x20       | true    // nearest to blank: nearer is enough
        4        | 4      | 0x20       | false
    }
}
