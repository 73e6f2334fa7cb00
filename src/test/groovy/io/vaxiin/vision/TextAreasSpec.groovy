package io.vaxiin.vision

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import java.awt.Rectangle

import static io.vaxiin.vision.ConsoleReaderLearningSpec.drawAt

/**
 * A firmware console that draws its text mode centred in a larger frame is read in the rows and
 * columns of that mode: its first line is line 0, its first column column 0, and the text says
 * where the area lies. A console that fills its frame, or text that only happens to sit in the
 * middle of one, keeps the frame's grid.
 */
class TextAreasSpec extends Specification {

    @Shared BitmapFont edk2 = BitmapFont.named('edk2-8x19')
    @Shared GridTextReader reader = new GridTextReader()

    static final List<String> SHELL = ['UEFI Interactive Shell v2.2', 'EDK II', 'UEFI v2.70 (EDK II, 0x00010000)',
                                       'Shell> ver', 'UEFI Interactive Shell v2.2', 'Shell> ']

    @Unroll("an EDK2 shell in #cols x #rows centred in #width x #height is read in its own rows and columns, from (#x, #y)")
    def "a centred text mode is read as the console's own grid"() {
        given:
        def lines = SHELL + (SHELL.size()..<rows).collect { '' }
        lines[rows - 1] = 'last row'
        def image = drawAt(edk2, lines, width, height, x, y)

        when:
        def text = reader.read(image)

        then:
        text.reader() == 'grid'
        text.lines().size() == rows
        text.lines().take(SHELL.size()) == SHELL*.stripTrailing()
        text.lines()[rows - 1] == 'last row'
        text.text() =~ /(?m)^Shell> ver$/
        text.boxes()[0] == new Rectangle(x, y, cols * 8, 19)
        text.boxes()[rows - 1] == new Rectangle(x, y + (rows - 1) * 19, cols * 8, 19)
        text.cellWidth() == 8
        text.area() == new ScreenText.Area(x, y, cols, rows, 8, 19, 'edk2-8x19')
        (0..<rows).every { text.sourceOf(it) == 'grid:edk2-8x19' }

        where:
        width | height | cols | rows | x   | y
        1024  | 768    | 80   | 25   | 192 | 146
        800   | 600    | 80   | 25   | 80  | 62
        1024  | 768    | 100  | 31   | 112 | 89
        1280  | 1024   | 128  | 40   | 128 | 132
    }

    def "a console that fills its frame keeps the frame's grid"() {
        given: 'the shell at 800x600 in its own 100x31 mode: 11 pixel rows left over, 5 above'
        def image = drawAt(edk2, SHELL, 800, 600, 0, 5)

        when:
        def text = reader.read(image)

        then:
        text.lines().size() == 31
        text.lines().take(SHELL.size()) == SHELL*.stripTrailing()
        text.area() == new ScreenText.Area(0, 5, 100, 31, 8, 19, 'edk2-8x19')
    }

    def "text in the middle of a frame, not where a centred mode starts, keeps the frame's grid"() {
        given: 'a message in the middle of where an 80x25 area would be, its first row empty'
        def image = drawAt(edk2, ['Press any key to continue'], 1024, 768, 192 + 8 * 30, 146 + 19 * 12)

        when:
        def text = reader.read(image)

        then: 'the grid of the whole frame: 13 pixel rows above the first whole row'
        text.area() == new ScreenText.Area(0, 13, 128, 39, 8, 19, 'edk2-8x19')
        text.lines()[19] == ' ' * 54 + 'Press any key to continue'
    }

    def "text that spills past a centred mode's edges keeps the frame's grid"() {
        given: 'an 80x25 area at 1024x768, and a line in the margin to its right'
        def image = drawAt(edk2, SHELL, 1024, 768, 192, 146)
        def wide = drawAt(edk2, ['x' * 90], 1024, 768, 192, 146 + 19 * 10)
        for (int y = 0; y < 768; y++) for (int x = 0; x < 1024; x++) {
            if ((wide.getRGB(x, y) & 0xFFFFFF) != 0) image.setRGB(x, y, wide.getRGB(x, y))
        }

        when:
        def text = reader.read(image)

        then:
        text.area().cols() == 128
        text.lines()[7] == ' ' * 24 + SHELL[0]
    }

    def "a console's tracker re-reading a changed row keeps the text area"() {
        given:
        def tracker = new ChangeTracker(new GridTextReader())
        def before = drawAt(edk2, SHELL, 1024, 768, 192, 146)
        def after = drawAt(edk2, SHELL + ['Shell> map'], 1024, 768, 192, 146)

        when:
        tracker.read(before)
        def text = tracker.read(after)

        then: 'only the changed row was read again, and the text is in the area'
        tracker.rowsReadLastTime() == 1
        text.lines().size() == 25
        text.lines()[SHELL.size()] == 'Shell> map'
        text.area() == new ScreenText.Area(192, 146, 80, 25, 8, 19, 'edk2-8x19')
        text.boxes()[SHELL.size()] == new Rectangle(192, 146 + 19 * SHELL.size(), 640, 19)
    }

    def "a mode change on a console it tracks moves the text area with it"() {
        given:
        def tracker = new ChangeTracker(new GridTextReader())
        def small = drawAt(edk2, SHELL, 1024, 768, 192, 146)
        def large = drawAt(edk2, SHELL, 1024, 768, 0, 4)

        when:
        def first = tracker.read(small)
        def second = tracker.read(large)

        then:
        first.area().cols() == 80
        second.area() == new ScreenText.Area(0, 4, 128, 40, 8, 19, 'edk2-8x19')
        second.lines()[0] == SHELL[0]
    }
}
