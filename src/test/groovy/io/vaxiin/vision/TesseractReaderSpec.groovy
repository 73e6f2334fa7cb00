package io.vaxiin.vision

import org.bytedeco.javacpp.Loader
import org.bytedeco.tesseract.global.tesseract
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.awt.Color
import java.awt.Font
import java.awt.Graphics2D
import java.awt.Rectangle
import java.awt.RenderingHints
import java.awt.image.BufferedImage
import java.nio.file.Files
import java.nio.file.Path

class TesseractReaderSpec extends Specification {

    @Shared @AutoCleanup TesseractReader ocr = new TesseractReader()

    static final Path MONO = Path.of('/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf')

    def "Tesseract runs from the natives bundled in the jar, not a system library"() {
        when:
        String loaded = Loader.load(tesseract)

        then:
        loaded != null
        !loaded.startsWith('/usr/')
        println "Tesseract natives loaded from ${loaded}"
    }

    /** The fixtures in TrueType and proportional fonts, whatever their degradation (JPEG, scaling). */
    static List<Fixtures.Screen> trueType() {
        Fixtures.all().findAll { it.kind in ['xterm-ttf', 'graphical'] || it.font =~ /DejaVu|Liberation/ }
    }

    def "a TrueType or graphical screen reads with high character accuracy, one box per line: #screen"() {
        when:
        BufferedImage image = screen.image()
        def text = ocr.read(image)
        double accuracy = Fixtures.accuracy(screen.truth(), text.lines())
        println String.format('tesseract on %-48s %6.2f%% characters right, %d lines', screen.file, accuracy * 100, text.lines().size())

        then:
        text.reader() == 'tesseract'
        accuracy >= 0.95
        text.boxes().size() == text.lines().size()
        text.boxes().every { new Rectangle(0, 0, image.width, image.height).contains(it) && !it.isEmpty() }

        and: 'a terminal has no panels: its lines come top to bottom'
        screen.kind != 'xterm-ttf' || text.boxes()*.y == text.boxes()*.y.sort(false)

        and: 'no made-up short lines: a picture (logo, progress bar, QR code) is not read as a few characters'
        text.lines().findAll { it.replace(' ', '').length() <= TesseractReader.GUESS_LENGTH }.every { String l -> screen.truth().any { it.strip() == l.strip() } }

        where:
        screen << trueType()
    }

    def "two engines read a screen exactly as one does, lines and boxes in the same order: #screen"() {
        given:
        def one = new TesseractReader(TesseractReader.defaultDataDir(), 1)
        def two = new TesseractReader(TesseractReader.defaultDataDir(), 2)

        when:
        def alone = one.read(screen.image())
        def together = two.read(screen.image())

        then:
        together.lines() == alone.lines()
        together.boxes() == alone.boxes()
        two.recognisedLastRead() == one.recognisedLastRead()

        cleanup:
        one?.close()
        two?.close()

        where:
        screen << Fixtures.all().findAll { it.kind in ['graphical'] || it.file.contains('scaled800x600') }
    }

    def "screens whose text rows touch are read as blocks, never dropped, one box per line: #file"() {
        given: 'rows joined by box drawing, full-cell glyphs, underscores or scaling (one band over 200 px)'
        def screen = Fixtures.all().find { it.file == file }
        BufferedImage image = screen.image()

        when:
        def text = ocr.read(image)
        double accuracy = Fixtures.accuracy(screen.truth(), text.lines())
        println String.format('tesseract on %-48s %6.2f%% characters right, %d lines', file, accuracy * 100, text.lines().size())

        then:
        text.lines().size() >= lines
        text.lines().any { it.replaceAll(/\s+/, ' ').contains(expected) }
        text.boxes().size() == text.lines().size()
        text.boxes().every { new Rectangle(0, 0, image.width, image.height).contains(it) && !it.isEmpty() }

        where:
        file                                          | lines | expected
        'firmware/grub-menu-debian-scaled.png'        | 8     | 'Advanced options for Debian GNU/Linux'
        'firmware/uefi-shell-charset-800x600.png'     | 5     | 'type charset'
        'vga/fbcon-charset-1024x768.png'              | 8     | 'ABCDEFGHIJK'
        'x11/whiptail-menu-terminus16-jpeg60.png'     | 8     | 'Save Changes and Reset'
    }

    def "the panels of a setup page read panel by panel: the left one, then the help beside it"() {
        given:
        def screen = Fixtures.all().find { it.file == 'x11/setup-boot-liberationsans.png' }

        when:
        def lines = ocr.read(screen.image()).lines()*.replaceAll(/\s+/, ' ')

        then:
        lines.findIndexOf { it.contains('Setup Prompt Timeout') } < lines.findIndexOf { it.contains('Retry the boot sequence') }
        lines.findIndexOf { it.contains('Retry the boot sequence') } < lines.findIndexOf { it.contains('Save & Exit') && it.contains('F9') }
        lines.every { !(it.contains('Boot Mode') && it.contains('Retry')) }
    }

    def "screens drawn in DejaVu Sans Mono read right: #name"() {
        given:
        List<String> rows = [
            'root@node7:~# mount /dev/nvme0n1p3 /mnt/restore',
            'mount: /mnt/restore: wrong fs type, bad option, bad superblock.',
            'UUID=c4e1a7d2-58f9-4b36-a0e3-9d1f27b6c845 /srv ext4 defaults 0 2',
            'Press Enter to continue, or Ctrl-D to power off',
            'eth2: link down, carrier lost (errors 17, drops 4)',
        ]
        BufferedImage image = terminal(rows, scheme)

        when:
        def text = ocr.read(image)
        double accuracy = Fixtures.accuracy(rows, text.lines())
        println String.format('tesseract on a drawn %-22s %6.2f%% characters right', name, accuracy * 100)

        then:
        accuracy >= 0.97
        text.lines().size() == rows.size()

        and: 'each line is boxed on the row it was drawn on'
        text.boxes().withIndex().every { Rectangle box, int i -> box.y <= rowTop(i) + ROW && box.y + box.height >= rowTop(i) }

        where:
        name                  | scheme
        'light on dark'       | [fg: new Color(0xD0D0D0), bg: Color.BLACK]
        'dark on light'       | [fg: Color.BLACK, bg: Color.WHITE]
        'coloured bars'       | [bars: [[Color.WHITE, new Color(0x0000C0)], [Color.BLACK, new Color(0x00B0B0)], [Color.YELLOW, new Color(0xB00000)],
                                       [Color.BLACK, new Color(0xD0D0D0)], [new Color(0x40FF40), new Color(0x202020)]]]
        'blue stop screen'    | [fg: Color.WHITE, bg: new Color(0x0078D7)]
    }

    def "an unsure reading keeps only its longer lines: a picture's few random characters are dropped"() {
        given:
        def box = new Rectangle(0, 0, 10, 10)
        def lines = [new TesseractReader.Read('Oro', box), new TesseractReader.Read('O S', box), new TesseractReader.Read('Stop code: X', box)]

        expect:
        TesseractReader.withoutGuesses(new TesseractReader.Reading(lines, 11))*.text() == ['Stop code: X']
        TesseractReader.withoutGuesses(new TesseractReader.Reading(lines, 90))*.text() == ['Oro', 'O S', 'Stop code: X']
    }

    def "a line shown twice on a frame (the same pixels) is read once and returned twice"() {
        given:
        def image = new BufferedImage(800, 200, BufferedImage.TYPE_INT_RGB)
        def g = image.createGraphics()
        g.color = Color.WHITE
        g.fillRect(0, 0, 800, 200)
        g.color = Color.BLACK
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON)
        g.font = Font.createFont(Font.TRUETYPE_FONT, new File('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf')).deriveFont(18f)
        g.drawString('Press F2 to enter setup', 40, 60)
        g.drawString('Press F2 to enter setup', 40, 140)
        g.dispose()
        def reader = new TesseractReader()

        when:
        def text = reader.read(image)

        then:
        reader.recognisedLastRead() == 1
        text.lines() == ['Press F2 to enter setup', 'Press F2 to enter setup']
        text.boxes()[1].y - text.boxes()[0].y == 80

        cleanup:
        reader?.close()
    }

    def "images that are not screens read as empty text, in bounded time"() {
        when:
        def text = ocr.read(image)

        then:
        text.lines().isEmpty()
        text.boxes().isEmpty()

        where:
        image << [noise(1024, 768), filled(1024, 768, Color.BLACK), filled(1, 1, Color.WHITE), filled(7, 300, Color.GRAY),
                  whiteBinary(10000, 10000)]
    }

    def "a huge frame is scaled down before reading, and its boxes come back in its own pixels"() {
        given:
        BufferedImage big = new BufferedImage(5120, 2880, BufferedImage.TYPE_INT_RGB)
        Graphics2D g = big.createGraphics()
        g.color = Color.WHITE
        g.fillRect(0, 0, big.width, big.height)
        g.color = Color.BLACK
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON)
        g.font = Font.createFont(Font.TRUETYPE_FONT, MONO.toFile()).deriveFont(64f)
        g.drawString('Rebooting in 30 seconds', 400, 1500)
        g.dispose()

        when:
        def text = ocr.read(big)

        then:
        text.lines() == ['Rebooting in 30 seconds']
        with(text.boxes()[0]) {
            it.@x >= 380 && it.@x <= 420
            it.@y >= 1400 && it.@y <= 1500
        }
    }

    def "a closed reader refuses to read"() {
        given:
        def reader = new TesseractReader()
        reader.close()

        when:
        reader.read(filled(100, 100, Color.WHITE))

        then:
        thrown(IllegalStateException)
    }

    def "the screen reader picks grid or OCR per frame; accuracy per kind over every fixture"() {
        given:
        def reader = new ScreenReader(new GridTextReader(), { ocr })
        Map<String, List<Double>> byKind = [:].withDefault { [] }
        Map<String, Set<String>> readers = [:].withDefault { [] as Set }

        when:
        Fixtures.all().each { screen ->
            def text = reader.read(screen.image())
            byKind[screen.kind] << Fixtures.accuracy(screen.truth(), text.lines())
            readers[screen.kind] << text.reader()
        }
        byKind.each { kind, figures ->
            println String.format('accuracy %-12s %5.1f%% (%d frames, worst %5.1f%%, read by %s)', kind,
                figures.sum() / figures.size() * 100, figures.size(), figures.min() * 100, readers[kind].sort().join('+'))
        }

        then: 'VGA text mode is read by the grid, exactly'
        readers['vga-text'] == ['grid'] as Set
        byKind['vga-text'].every { it == 1d }
    }

    static final int ROW = 22
    static final int TOP = 40

    static int rowTop(int i) { TOP + i * ROW * 2 }

    /** A 1024×768 terminal drawn with Java2D: rows on every other text row, each in its colours. */
    static BufferedImage terminal(List<String> rows, Map scheme) {
        assert Files.isRegularFile(MONO): "DejaVu Sans Mono (fonts-dejavu-core) is needed at $MONO"
        BufferedImage image = new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB)
        Graphics2D g = image.createGraphics()
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON)
        g.font = Font.createFont(Font.TRUETYPE_FONT, MONO.toFile()).deriveFont(15f)
        g.color = scheme.bg ?: Color.BLACK
        g.fillRect(0, 0, 1024, 768)
        def metrics = g.fontMetrics
        rows.eachWithIndex { String row, int i ->
            int y = rowTop(i)
            Color fg = scheme.fg
            if (scheme.bars) {
                def (Color text, Color bar) = scheme.bars[i % scheme.bars.size()]
                g.color = bar
                g.fillRect(0, y, metrics.stringWidth(row + '  ') + 8, ROW)
                fg = text
            }
            g.color = fg
            g.drawString(row, 8, y + metrics.ascent + (ROW - metrics.height).intdiv(2))
        }
        g.dispose()
        image
    }

    static BufferedImage noise(int w, int h) {
        def random = new Random(7)
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB)
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000))
            }
        }
        image
    }

    /** A white image at one bit a pixel (a 10000×10000 one takes 12 MB, not 400). */
    static BufferedImage whiteBinary(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY)
        Arrays.fill(((java.awt.image.DataBufferByte) image.raster.dataBuffer).data, (byte) 0xFF)
        image
    }

    static BufferedImage filled(int w, int h, Color colour) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB)
        Graphics2D g = image.createGraphics()
        g.color = colour
        g.fillRect(0, 0, w, h)
        g.dispose()
        image
    }

    def "a frame in which one line changed re-reads only that line; a scrolled frame reads no line again"() {
        given: 'an xterm frame read once'
        def image = javax.imageio.ImageIO.read(io.vaxiin.fixture.Fixtures.ROOT.resolve('screens/x11/e2fsck-dejavu13-prompt.png').toFile())
        ocr.forgetLines() // other features read this frame with the same reader
        def first = ocr.read(image)
        int all = ocr.recognisedLastRead()
        def mid = first.boxes()[first.boxes().size().intdiv(2)]

        when: 'the right half of the middle line is blanked'
        def changed = Images.copy(image)
        def g = changed.createGraphics()
        g.color = new java.awt.Color(image.getRGB(Math.max(0, (int) mid.x - 1), Math.max(0, (int) mid.y - 1)))
        g.fillRect((int) mid.x + ((int) mid.width).intdiv(2), (int) mid.y, (int) mid.width - ((int) mid.width).intdiv(2), (int) mid.height)
        g.dispose()
        def second = ocr.read(changed)

        then: 'one line was read, the others came from the cache, the same as before'
        all > 3
        ocr.recognisedLastRead() == 1
        second.lines().size() == first.lines().size()
        (0..<first.lines().size()).findAll { second.lines()[it] != first.lines()[it] } == [first.boxes().size().intdiv(2)]

        when: 'the frame scrolls up by one line'
        ocr.read(image)
        int pitch = (int) (first.boxes()[1].y - first.boxes()[0].y)
        def up = Images.copy(image)
        g = up.createGraphics()
        g.drawImage(image, 0, -pitch, null)
        g.color = new java.awt.Color(image.getRGB(0, image.height - 1))
        g.fillRect(0, image.height - pitch, image.width, pitch)
        g.dispose()
        def scrolled = ocr.read(up)

        then: 'its lines are the same lines, one place up, and none was read again'
        ocr.recognisedLastRead() == 0
        scrolled.lines() == first.lines().drop(1)
        scrolled.boxes()[0].y == first.boxes()[1].y - pitch

        when: 'the cache is forgotten'
        ocr.forgetLines()
        ocr.read(image)

        then:
        ocr.recognisedLastRead() == all
    }
}
