package io.vaxiin.dsl

import io.vaxiin.vision.ConsoleReader
import io.vaxiin.vision.ScreenText
import io.vaxiin.vision.TextModeRenderer
import io.vaxiin.vision.TextModeScreen
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.awt.Rectangle
import java.awt.image.BufferedImage

/**
 * A secret drawn on a screen is covered before the picture is kept: its cells become full
 * blocks in the text's colour, on a VGA text screen read back by Vaxiin's own reader; the rest of
 * the screen stays as it was.
 */
class SecretCoverSpec extends Specification {

    @Shared @AutoCleanup ConsoleReader reader = new ConsoleReader()

    static BufferedImage vga(Map<Integer, String> rows) {
        def screen = TextModeScreen.vga80x25()
        rows.each { row, text -> screen.put(row, 0, text) }
        def renderer = new TextModeRenderer()
        renderer.update(screen)
        renderer.image()
    }

    Redactor redactor(String... secrets) {
        def r = new Redactor()
        secrets.each { r.add(it) }
        r
    }

    def "each character of a secret becomes a full block, and nothing else changes"() {
        given:
        def image = vga([0: 'login: root', 1: 'Password given: Hx9-secret-77 (do not share)'])
        def read = reader.read(image)

        when:
        def covered = SecretCover.covered(image, read, redactor('Hx9-secret-77'))
        def after = reader.read(covered)

        then:
        read.reader() == 'grid' && read.cellWidth() == TextModeScreen.CELL_WIDTH
        after.lines()[0] == 'login: root'
        after.lines()[1] == 'Password given: ' + '\u2588' * 'Hx9-secret-77'.length() + ' (do not share)'
        !covered.is(image)
    }

    def "a secret the screen wraps over two rows is covered on both"() {
        given: 'the value breaks after column 80'
        def image = vga([3: ' ' * 63 + 'the key is token=', 4: 'Qw3-wrapped-value end'])
        def read = reader.read(image)

        when:
        def after = reader.read(SecretCover.covered(image, read, redactor('token=Qw3-wrapped-value')))

        then:
        after.lines()[3] == ' ' * 63 + 'the key is ' + '\u2588' * 6
        after.lines()[4] == '\u2588' * 'Qw3-wrapped-value'.length() + ' end'
    }

    def "a picture without a secret is kept as it is"() {
        given:
        def image = vga([0: 'nothing to hide'])

        expect:
        SecretCover.covered(image, reader.read(image), redactor('Hx9-secret-77')).is(image)
    }

    def "where the reader gave no positions the whole picture is covered"() {
        given:
        def image = vga([0: 'Hx9-secret-77'])
        def read = new ScreenText(['Hx9-secret-77'], 'tesseract')

        when:
        def covered = SecretCover.covered(image, read, redactor('Hx9-secret-77'))

        then:
        (0..<covered.height).every { y -> (0..<covered.width).every { x -> (covered.getRGB(x, y) & 0xffffff) == 0 } }
    }

    def "without cells, a proportional line is covered with a character's margin each side"() {
        given: 'a line read by a reader that knows only its box'
        def image = vga([0: 'key Hx9-secret-77 here'])
        def grid = reader.read(image)
        Rectangle box = new Rectangle(0, 0, 'key Hx9-secret-77 here'.length() * TextModeScreen.CELL_WIDTH, TextModeScreen.CELL_HEIGHT)
        def read = new ScreenText([grid.lines()[0]], 'tesseract', [box])

        when:
        def after = reader.read(SecretCover.covered(image, read, redactor('Hx9-secret-77')))

        then:
        after.lines()[0].startsWith('key')
        after.lines()[0].endsWith('here')
        !after.lines()[0].contains('secret')
    }
}
