package io.vaxiin.vision

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import java.awt.image.BufferedImage

import static io.vaxiin.vision.VgaColor.*

class GridTextReaderSpec extends Specification {

    @Shared GridTextReader reader = new GridTextReader()

    @Unroll("#screen.file (#screen.kind) reads exactly")
    def "every VGA text-mode fixture reads with every character right"() {
        when:
        def reading = reader.analyse(screen.image())

        then:
        reading.confident()
        reading.unknownCells() == 0
        reading.lines() == screen.truth()

        where:
        screen << Fixtures.ofKind('vga-text')
    }

    def "a frame caught mid-update (new rows above, the old screen below) reads each part as it is"() {
        given: 'the e2fsck prompt after the answer, drawn down to row #rows, over the prompt before it'
        def before = Fixtures.all().find { it.file == 'vga/e2fsck-prompt-1.png' }
        def after = Fixtures.all().find { it.file == 'vga/e2fsck-prompt-2.png' }
        def torn = Images.copy(before.image())
        def g = torn.createGraphics()
        g.drawImage(after.image().getSubimage(0, 0, 720, rows * 16), 0, 0, null)
        g.dispose()
        def expected = (after.truth().take(rows) + before.truth().drop(rows))

        when:
        def reading = reader.analyse(torn)

        then:
        reading.confident()
        reading.unknownCells() == 0
        reading.lines().collect { it.stripTrailing() } == expected.collect { it.stripTrailing() }

        where:
        rows << [3, 12, 20]
    }

    @Unroll("#screen.file (#screen.kind) reads exactly")
    def "every bitmap-font fixture of VGA text, UEFI text and X bitmap fonts reads with every character right"() {
        when:
        def reading = reader.analyse(screen.image())

        then:
        reading.confident()
        Fixtures.accuracy(screen.truth(), reading.lines()) >= 0.999

        where:
        screen << Fixtures.all().findAll { it.kind in ['uefi-text', 'xterm-bitmap'] }
    }

    @Unroll("#screen.file (#screen.kind, #screen.font) reads on the grid")
    def "every fixture a viewer scaled from a bitmap-font console reads on the grid"() {
        when:
        def reading = new GridTextReader(reader.fonts()).analyse(screen.image())

        then:
        reading.confident()
        reading.grid().scaled()
        Fixtures.accuracy(screen.truth(), reading.lines()) >= 0.98

        where:
        screen << Fixtures.ofKind('scaled').findAll { !(it.font =~ /DejaVu|Liberation/) }
    }

    @Unroll("#screen.file (#screen.kind, #screen.font) reads on the grid through JPEG noise")
    def "every JPEG-degraded fixture of a bitmap-font console reads on the grid, nearly every character right"() {
        when:
        def reading = reader.analyse(screen.image())
        double accuracy = Fixtures.accuracy(screen.truth(), reading.lines())
        println String.format('grid on %-48s %6.2f%% characters right, %d unknown cells', screen.file, accuracy * 100, reading.unknownCells())

        then: 'bars, shadows and dim colours smeared by chroma subsampling are not unknown cells'
        reading.confident()
        accuracy >= 0.99

        where:
        screen << Fixtures.ofKind('jpeg').findAll { !(it.font =~ /DejaVu|Liberation/) }
    }

    def "screens in TrueType or proportional fonts are not read with confidence (they are OCR's)"() {
        given:
        def others = Fixtures.all().findAll { it.kind in ['xterm-ttf', 'graphical'] || it.font =~ /DejaVu|Liberation/ }

        when:
        def confident = others.findAll { reader.tryRead(it.image()).present }

        then:
        others.size() >= 10
        confident*.file == []
    }

    @Unroll("#fg on #bg reads back exactly")
    def "every foreground/background pair reads back exactly"() {
        given:
        def screen = TextModeScreen.vga80x25().colors(LIGHT_GRAY, BLACK).clear().cursorVisible(false)
        // a full block in the screen's own background colour cannot be told from a space
        String blocks = fg == BLACK ? '▄▀▌▐' : '█▄▀▌▐'
        screen.put(3, 4, "Fix<y>? sda1 0O 1l ┌─┐│└┘ ╔═╗ ░▒▓ ${blocks} ◄► ±", fg, bg)
        screen.fill(5, 0, 80, 1, 0x20, fg, bg).put(5, 2, 'a whole bar in these colours', fg, bg)

        expect:
        reader.analyse(screen.render()).lines() == screen.lines()

        where:
        [fg, bg] << [VgaColor.values(), VgaColor.values()].combinations().findAll { it[0] != it[1] }
    }

    def "inverse video, coloured bars and full blocks read right"() {
        given: 'a highlighted menu entry, a status bar, a progress bar'
        def screen = TextModeScreen.vga80x25().cursorVisible(false)
        screen.box(1, 10, 60, 6, WHITE, BLUE)
        screen.fill(2, 11, 58, 4, 0x20, WHITE, BLUE)
        screen.fill(3, 11, 58, 1, 0x20, BLACK, LIGHT_GRAY).put(3, 13, '*Debian GNU/Linux, with Linux 6.1.0-49-amd64', BLACK, LIGHT_GRAY)
        screen.put(4, 13, 'Advanced options for Debian GNU/Linux', WHITE, BLUE)
        screen.put(10, 2, 'RAID1  ', LIGHT_GRAY, BLACK).put(10, 9, '█' * 20 + '░' * 8, LIGHT_GRAY, BLACK)
        screen.fill(24, 0, 80, 1, 0x20, BLACK, CYAN).put(24, 1, 'F1 Help  F10 Save', BLACK, CYAN)

        expect:
        reader.analyse(screen.render()).lines() == screen.lines()
    }

    def "every glyph of the font reads back as its CP437 character"() {
        given:
        def screen = TextModeScreen.vga80x25().cursorVisible(false)
        (1..0xFE).each { code -> screen.set(2 + code.intdiv(64) * 2, 8 + code % 64, code, LIGHT_GRAY, BLACK) }

        expect:
        reader.analyse(screen.render()).lines() == screen.lines()
    }

    def "a cell under the underline cursor reads as its glyph"() {
        given:
        def screen = TextModeScreen.vga80x25().put(5, 0, 'grub> ls (hd0,msdos1)/_').cursor(5, col)

        when:
        def reading = reader.analyse(screen.render())

        then:
        reading.confident()
        reading.lines() == screen.lines()

        where:
        col << [0, 3, 6, 8, 22, 23, 40]
    }

    @Unroll("8x16 text on a #width x #height frame at origin (#x, #y) is found and read")
    def "8x16 text on graphical frames is found at any origin"() {
        given:
        def canvas = new BitmapCanvas(width, height).clear(0x000000)
        canvas.fill(x, y + 16, 8 * 40, 16, 0x0000AA)
        canvas.text(x, y, 'Boot Maintenance Manager', 0xFFFFFF, 0x000000)
        canvas.text(x, y + 16, 'Continue   [Enter]  Reset', 0xFFFF55, 0x0000AA)
        canvas.text(x + 8 * 4, y + 48, '┌──────┐ Press ESC to exit.', 0xAAAAAA, 0x000000)
        canvas.text(x + 8 * 4, y + 64, '│ BSOD │ 0x0000007B INACCESSIBLE_BOOT_DEVICE', 0xFFFFFF, 0x0078D7)

        when:
        def reading = reader.analyse(canvas.snapshot())

        then:
        reading.grid().with { [cellWidth(), originX(), originY()] } == [8, x % 8, y % 16]
        reading.confident()
        reading.lines().findAll { it } == [
            'Boot Maintenance Manager', 'Continue   [Enter]  Reset',
            '    ┌──────┐ Press ESC to exit.', '    │ BSOD │ 0x0000007B INACCESSIBLE_BOOT_DEVICE']*.toString()
            .collect { (' ' * x.intdiv(8)) + it }

        where:
        width | height | x   | y
        1024  | 768    | 0   | 0
        1024  | 768    | 3   | 5
        640   | 480    | 7   | 200
        640   | 400    | 0   | 0
        800   | 600    | 100 | 37
    }

    def "noise, black and tiny frames give empty text or no confidence, never an exception"() {
        given:
        def random = new Random(42)
        def noise = new BufferedImage(720, 400, BufferedImage.TYPE_INT_RGB)
        (0..<400).each { y -> (0..<720).each { x -> noise.setRGB(x, y, random.nextInt(0x1000000)) } }
        def black = new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB)
        def tiny = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)

        expect:
        !reader.tryRead(noise).present
        reader.read(noise).lines() == []
        reader.read(black).text().trim() == ''
        reader.read(tiny).lines() == []
        !reader.tryRead(tiny).present
    }

    def "the change tracker reads an unchanged frame once and a changed row alone"() {
        given:
        def tracker = new ChangeTracker(reader)
        def screen = TextModeScreen.vga80x25().cursorVisible(false).put(0, 0, 'Checking /dev/sda1')

        when:
        def first = tracker.read(screen.render())

        then:
        first.lines()[0] == 'Checking /dev/sda1'
        tracker.rowsReadLastTime() == 25

        when:
        def again = tracker.read(screen.render())

        then:
        again.is(first)
        tracker.rowsReadLastTime() == 0

        when:
        screen.put(12, 0, 'Fix<y>? yes')
        def changed = tracker.read(screen.render())

        then:
        tracker.rowsReadLastTime() == 1
        changed.lines() == screen.lines()
    }
}
