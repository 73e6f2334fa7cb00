package io.vaxiin.vision

import spock.lang.Specification

import java.awt.Rectangle
import java.awt.image.BufferedImage

import static io.vaxiin.vision.VgaColor.*

class TextModeScreenSpec extends Specification {

    /** The 9 pixels of scanline y of cell (row, col) as a string of '#' (fg) and '.' (bg). */
    static String scanline(BufferedImage image, int row, int col, int y, int fg) {
        (0..8).collect { x -> image.getRGB(col * 9 + x, row * 16 + y) & 0xFFFFFF }
            .collect { it == fg ? '#' : '.' }.join()
    }

    def "80x25 renders to 720x400"() {
        expect:
        TextModeScreen.vga80x25().render().with { [width, height] } == [720, 400]
    }

    def "a glyph is drawn pixel for pixel in its colours, with a background ninth column"() {
        given:
        def screen = TextModeScreen.vga80x25().cursorVisible(false).put(2, 5, 'A', WHITE, BLUE)

        when:
        def image = screen.render()

        then: 'the glyph A of the VGA font, then the ninth column in background'
        (0..15).collect { scanline(image, 2, 5, it, WHITE.rgb()) } == [
            '.........', '.........', '...#.....', '..###....', '.##.##...', '##...##..', '##...##..', '#######..',
            '##...##..', '##...##..', '##...##..', '##...##..', '.........', '.........', '.........', '.........']
        (0..15).every { (image.getRGB(5 * 9 + 8, 2 * 16 + it) & 0xFFFFFF) in [BLUE.rgb()] }
    }

    def "line-drawing codes 0xC0-0xDF repeat their eighth column in the ninth, other codes do not"() {
        given:
        def screen = TextModeScreen.vga80x25().cursorVisible(false)
        screen.set(0, 0, code, LIGHT_GRAY, BLACK)

        when:
        def image = screen.render()
        def line = scanline(image, 0, 0, y, LIGHT_GRAY.rgb())

        then:
        line == expected

        where:
        code | y || expected
        0xC4 | 7 || '#########'   // ─ joins its neighbours
        0xCD | 5 || '#########'   // ═
        0xDB | 0 || '#########'   // █
        0xBA | 0 || '..##.##..'   // ║ (0xB0-0xBF: background ninth column on real VGA)
        0xB3 | 0 || '...##....'   // │
        0x41 | 7 || '#######..'   // A
    }

    def "the cursor is an underline on scanlines 14-15 in the cell's foreground colour"() {
        given:
        def screen = TextModeScreen.vga80x25().put(4, 10, 'x', YELLOW, BLUE).cursor(4, 10)

        when:
        def shown = screen.render()
        def hidden = screen.cursorVisible(false).render()

        then:
        (14..15).every { scanline(shown, 4, 10, it, YELLOW.rgb()) == '#########' }
        (14..15).every { scanline(hidden, 4, 10, it, YELLOW.rgb()) == '.........' }
        (0..13).every { scanline(shown, 4, 10, it, YELLOW.rgb()) == scanline(hidden, 4, 10, it, YELLOW.rgb()) }
    }

    def "the renderer reports only the rows that changed"() {
        given:
        def screen = TextModeScreen.vga80x25().cursor(0, 0)
        def renderer = new TextModeRenderer()

        expect: 'the first update is the whole screen'
        renderer.update(screen).changed().get() == new Rectangle(0, 0, 720, 400)

        and: 'nothing changed, nothing to send'
        !renderer.update(screen).changed().present

        when:
        screen.put(3, 0, 'fsck').put(5, 7, 'y')

        then: 'rows 3 to 5'
        renderer.update(screen).changed().get() == new Rectangle(0, 48, 720, 48)

        when: 'the cursor moves from row 0 to row 10'
        screen.cursor(10, 2)

        then:
        renderer.update(screen).changed().get() == new Rectangle(0, 0, 720, 176)

        when: 'the same text written again'
        screen.put(3, 0, 'fsck')

        then:
        !renderer.update(screen).changed().present
    }

    def "the renderer's picture equals a fresh render after many updates"() {
        given:
        def screen = TextModeScreen.vga80x25()
        def renderer = new TextModeRenderer()

        when:
        renderer.update(screen)
        screen.write('line one\nline two\n').put(20, 70, 'right edge text', RED, WHITE).cursor(7, 7)
        renderer.update(screen)
        screen.scrollUp(2)
        def incremental = renderer.update(screen).image()
        def fresh = screen.render()

        then:
        (0..<400).every { y -> (0..<720).every { x -> incremental.getRGB(x, y) == fresh.getRGB(x, y) } }
    }

    def "write wraps, starts lines on newline and scrolls at the bottom"() {
        given:
        def screen = new TextModeScreen(10, 3)

        when:
        screen.write('0123456789ab\nc\nd')

        then:
        screen.lines() == ['ab', 'c', 'd']
        screen.cursorRow() == 2
        screen.cursorCol() == 1
    }

    def "text is put as CP437 and read back as Unicode; a character CP437 lacks shows as ?"() {
        when:
        def screen = TextModeScreen.vga80x25().put(0, 0, '╔═╗ █▓ ↑↓ é €')

        then:
        screen.lines()[0] == '╔═╗ █▓ ↑↓ é ?'
        screen.code(0, 0) == 0xC9
    }

    def "a scaled render has the asked size"() {
        expect:
        TextModeScreen.vga80x25().put(0, 0, 'hello').render(1024, 768).with { [width, height] } == [1024, 768]
    }

    def "the canvas draws 8x16 text at any pixel and reports the changed band"() {
        given:
        def canvas = new BitmapCanvas(1024, 768).clear(0x0000AA)
        def before = canvas.snapshot()

        when:
        canvas.text(101, 203, 'A', 0xFFFFFF, 0x0000AA)
        def image = canvas.snapshot()

        then: 'scanline 7 of A: #######. at x=101'
        (0..7).collect { (image.getRGB(101 + it, 210) & 0xFFFFFF) == 0xFFFFFF ? '#' : '.' }.join() == '#######.'
        canvas.changedSince(before, 16).get() == new Rectangle(0, 192, 1024, 32)
        !canvas.changedSince(image, 16).present
    }
}
