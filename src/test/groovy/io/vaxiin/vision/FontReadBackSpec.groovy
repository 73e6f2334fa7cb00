package io.vaxiin.vision

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import java.awt.image.BufferedImage

/** Screens drawn here with each shipped font read back exactly; noise and pictures are not claimed. */
class FontReadBackSpec extends Specification {

    @Shared GridTextReader reader = new GridTextReader()

    /** Draws {@code lines} on a grid of {@code font} at (ox, oy), each line in its own colours. */
    static BufferedImage render(BitmapFont font, int width, int height, int ox, int oy, List<String> lines,
                                List<List<Integer>> colours, int screen) {
        def image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB)
        for (int y = 0; y < height; y++) { for (int x = 0; x < width; x++) { image.setRGB(x, y, screen) } }
        lines.eachWithIndex { String line, int r ->
            def (fg, bg) = colours[r % colours.size()]
            int cols = line.codePointCount(0, line.length())
            line.codePoints().toArray().eachWithIndex { int cp, int c ->
                def glyph = font.glyph(cp)
                for (int y = 0; y < font.height(); y++) {
                    for (int x = 0; x < font.width(); x++) {
                        boolean ink = glyph != null && font.ink(glyph, x, y)
                        image.setRGB(ox + c * font.width() + x, oy + r * font.height() + y, ink ? fg : bg)
                    }
                }
            }
        }
        image
    }

    static List<String> sample(BitmapFont font, long seed, int cols, int rows) {
        def random = new Random(seed)
        // characters with a bitmap of their own (6x13 draws '─' exactly like '-', which then reads as '-')
        def candidates = (0x21..0x7E).findAll { font.has(it) } + [0x2500, 0x2502, 0x250C, 0x2518].findAll { font.has(it) }
        def chars = candidates.findAll { cp -> candidates.count { font.glyph(it).rows() == font.glyph(cp).rows() } == 1 }
        (0..<rows).collect { r ->
            (0..<cols).collect { c -> random.nextInt(5) == 0 ? ' ' : new String(Character.toChars(chars[random.nextInt(chars.size())])) }
                .join('').replaceAll(/\s+$/, '')
        }
    }

    @Unroll("#font.name() text in several colours and inverse video reads back exactly")
    def "text drawn in each shipped font reads back exactly"() {
        given:
        int cols = Math.min(60, (1024 - 3).intdiv(font.width()))
        int rows = Math.min(20, (768 - 5).intdiv(font.height()))
        def lines = sample(font, font.name().hashCode(), cols, rows)
        def colours = [[0xAAAAAA, 0x000000], [0x000000, 0xAAAAAA], [0xFFFF55, 0x0000AA], [0x33FF33, 0x000000],
                       [0xFFFFFF, 0x0078D7], [0x000000, 0xFFFFFF]]
        def image = render(font, 1024, 768, 3, 5, lines, colours, 0x000000)

        when:
        def reading = reader.analyse(image)

        then:
        reading.confident()
        reading.grid().cellWidth() == font.width() && reading.grid().cellHeight() == font.height()
        reading.lines().findAll { it } == lines.findAll { it }

        where:
        font << BitmapFont.builtIn().findAll { it.name() != 'vga-9x16' }
    }

    def "a VGA text screen scaled by a viewer (bilinear, 720x400 to 1024x768) reads back"() {
        given:
        def screen = TextModeScreen.vga80x25().cursorVisible(false)
        sample(BitmapFont.named('vga-9x16'), 7, 70, 20).eachWithIndex { line, r -> screen.put(r + 2, 3, line) }
        def drawn = screen.render()
        def scaled = Images.resized(drawn, 1024, 768)

        when:
        def reading = reader.analyse(scaled)

        then:
        reading.confident()
        reading.grid().scaled()
        Fixtures.accuracy(screen.lines(), reading.lines()) >= 0.98
        reading.text().boxes().size() == reading.lines().size()
        reading.text().boxes()[2] == new java.awt.Rectangle(0, 61, 1024, 31) // 32..48 of 400 scanlines, times 1.92
    }

    @Unroll("#name text on #width x #height, scaled bilinearly to 1024x768, reads back")
    def "an X terminal screen scaled by a viewer (bilinear, Java2D) reads back"() {
        given:
        def font = BitmapFont.named(name)
        def lines = sample(font, 11, Math.min(70, width.intdiv(font.width()) - 2), Math.min(24, height.intdiv(font.height()) - 2))
        def drawn = render(font, width, height, 0, 0, lines, [[0xC0C0C0, 0x000000], [0xFFFFFF, 0x0000EE]], 0x000000)
        def scaled = Images.resized(drawn, 1024, 768)

        when:
        def reading = reader.analyse(scaled)

        then:
        reading.confident()
        reading.grid().scaled()
        reading.grid().font().name() == name
        Fixtures.accuracy(lines, reading.lines()) >= 0.98

        where:
        name         | width | height
        'fixed-9x15' | 800   | 600
        'fixed-6x13' | 800   | 600
        'edk2-8x19'  | 640   | 480
    }

    def "noise, black, 1x1 and a photo-like gradient are not claimed"() {
        given:
        def random = new Random(1)
        def noise = new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB)
        def gradient = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB)
        for (int y = 0; y < 768; y++) { for (int x = 0; x < 1024; x++) { noise.setRGB(x, y, random.nextInt(0x1000000)) } }
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 800; x++) {
                int r = (x * 255 / 800) as int, g = (y * 255 / 600) as int, b = ((128 + 100 * Math.sin(x / 37d + y / 53d)) as int)
                gradient.setRGB(x, y, (r << 16 | g << 8 | b) + random.nextInt(3))
            }
        }

        expect:
        [noise, gradient, new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB), new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)]
            .every { !reader.tryRead(it).present }
    }
}
