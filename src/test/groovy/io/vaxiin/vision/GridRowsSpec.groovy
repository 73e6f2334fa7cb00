package io.vaxiin.vision

import spock.lang.Shared
import spock.lang.Specification

import static io.vaxiin.vision.VgaColor.*

/** {@link GridRows}: reading a grid row by row, and what only the row tells about its cells. */
class GridRowsSpec extends Specification {

    @Shared BitmapFont font = BitmapFont.fromVga(VgaFont.vga(), 9)
    @Shared GlyphMatcher vga = new GlyphMatcher(font)
    @Shared GridTextReader.Grid grid = new GridTextReader.Grid(font, 0, 0, 80, 25, 720, 400, 720, 400, false)

    /** Grid row {@code r} of the rendered screen, read as the reader reads it. */
    String readRow(TextModeScreen screen, int r, CellMatching.Row row = new CellMatching.Row(80)) {
        int[] px = Pixels.rgb(screen.render())
        row.screenBackground = GridRows.screenBackground(px, 720, grid)
        def work = new CellMatching.Work()
        work.use(vga)
        GridRows.readRow(px, 720, grid, r, row, work)
    }

    def "a short run of box line in words is hyphens when the font has no hyphen of its own; box lines stay lines"() {
        given: "a font that draws its hyphen as the box line's bitmap (Lucida Typewriter 7x13 does), so has no '-' apart"
        def noHyphen = BitmapFont.of('no-hyphen', 9, 16, font.glyphs().findAll { it.codePoint() != (int) '-' })
        def screen = TextModeScreen.vga80x25().cursorVisible(false)
            .put(0, 0, 'e2fsck ─y /dev/sda1 x86─64 ─ done ──force').put(1, 0, '┌──┐ ─── ├─┤ ▒─▒')
        def read = { BitmapFont f, int r ->
            int[] px = Pixels.rgb(screen.render())
            def row = new CellMatching.Row(80)
            row.screenBackground = GridRows.screenBackground(px, 720, grid)
            def work = new CellMatching.Work()
            work.use(new GlyphMatcher(f))
            GridRows.readRow(px, 720, new GridTextReader.Grid(f, 0, 0, 80, 25, 720, 400, 720, 400, false), r, row, work)
        }

        expect:
        read(noHyphen, 0) == 'e2fsck -y /dev/sda1 x86-64 - done --force'
        read(noHyphen, 1) == '┌──┐ ─── ├─┤ ▒─▒'

        and: 'a font with a hyphen of its own shows a box line where it draws one'
        read(font, 0) == 'e2fsck ─y /dev/sda1 x86─64 ─ done ──force'
    }

    def "the screen's background is its commonest colour at the cells' top-left pixels"() {
        given:
        def blue = TextModeScreen.vga80x25().colors(WHITE, BLUE).clear().cursorVisible(false)
            .fill(0, 0, 80, 3, 0x20, BLACK, LIGHT_GRAY).put(10, 0, '█' * 70, WHITE, BLUE)
        def black = TextModeScreen.vga80x25().cursorVisible(false).put(0, 0, 'login:')

        expect:
        GridRows.screenBackground(Pixels.rgb(blue.render()), 720, grid) == BLUE.rgb()
        GridRows.screenBackground(Pixels.rgb(black.render()), 720, grid) == BLACK.rgb()
    }

    def "a run of blocks in the colour of the glyphs beside it is full blocks; a short one that ends the row is a cursor's spaces"() {
        given:
        def screen = TextModeScreen.vga80x25().cursorVisible(false)
            .put(0, 0, 'RAID1 ').put(0, 6, '████', LIGHT_GRAY, BLACK).put(0, 10, ' ok')
            .put(1, 0, 'login:').put(1, 6, '█', LIGHT_GRAY, BLACK)
            .fill(2, 0, 80, 1, 0x20, BLACK, CYAN).put(2, 1, 'F1 Help  F10 Save', BLACK, CYAN)
        def row = new CellMatching.Row(80)

        expect:
        readRow(screen, 0, row) == 'RAID1 ████ ok'
        row.glyphs == 'RAID1████ok'.length()
        readRow(screen, 1) == 'login:'
        readRow(screen, 2) == ' F1 Help  F10 Save'
    }

    def "a short run that begins the row is spaces too: the frame's border left of a centred dialog; a longer one is blocks"() {
        given: 'a blue screen; two cells of black border, blue, then a dialog in black on grey; four black cells before black text'
        def screen = TextModeScreen.vga80x25().colors(WHITE, BLUE).clear().cursorVisible(false)
            .fill(3, 0, 2, 1, 0x20, WHITE, BLACK).put(3, 6, '│ The GRUB boot loader', BLACK, LIGHT_GRAY)
            .put(4, 0, '████', BLACK, BLUE).put(4, 4, ' 40% done', BLACK, LIGHT_GRAY)

        expect:
        readRow(screen, 3) == '      │ The GRUB boot loader'
        readRow(screen, 4) == '████ 40% done'
    }

    def "a half block reads by the background of the glyphs beside it: the same pixels read two ways on two rows"() {
        given: 'the same ▀ cell (white over blue) beside white-on-blue text, and beside blue-on-white text'
        def screen = TextModeScreen.vga80x25().cursorVisible(false)
            .put(0, 0, 'ab▀cd', WHITE, BLUE)
            .put(1, 0, 'ab', BLUE, WHITE).put(1, 2, '▀', WHITE, BLUE).put(1, 3, 'cd', BLUE, WHITE)

        expect:
        readRow(screen, 0) == 'ab▀cd'
        readRow(screen, 1) == 'ab▄cd'
    }

    def "a whole grid reads line by line, counting glyphs, unknown cells and cells read near"() {
        given: 'two lines of text and one cell of random pixels'
        def screen = TextModeScreen.vga80x25().cursorVisible(false).put(0, 0, 'Fix<y>?').put(4, 2, 'yes')
        def image = screen.render()
        def random = new Random(1)
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 9; x++) {
                image.setRGB(9 * 10 + x, 16 * 4 + y, random.nextBoolean() ? WHITE.rgb() : BLACK.rgb())
            }
        }

        when:
        def reading = GridRows.readGrid(Pixels.rgb(image), 720, grid, vga)

        then:
        reading.grid() == grid
        reading.lines().size() == 25
        reading.lines()[0] == 'Fix<y>?'
        reading.lines()[4] == '  yes     \uFFFD'
        reading.glyphCells() == 10
        reading.unknownCells() == 1
        reading.nearCells() == 0
    }
}
