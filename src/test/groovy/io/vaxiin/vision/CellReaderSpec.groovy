package io.vaxiin.vision

import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import javax.imageio.IIOImage
import javax.imageio.ImageIO
import javax.imageio.ImageWriteParam
import java.awt.Color
import java.awt.Font
import java.awt.RenderingHints
import java.awt.image.BufferedImage

/**
 * Monospaced TrueType terminals read cell by cell: the grid found from pixels, cell pictures
 * keyed by shape, learnt from OCR only when the reading aligns, and left to OCR otherwise.
 */
class CellReaderSpec extends Specification {

    @Shared @AutoCleanup TesseractReader ocr = new TesseractReader()

    static final File MONO = new File('/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf')
    static final File SANS = new File('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf')

    /** A listing as a terminal shows it: made up from a seed, not from any fixture. */
    static List<String> listing(long seed, int count) {
        def random = new Random(seed)
        def names = ['fstab', 'hosts', 'resolv.conf', 'sshd_config', 'grub.cfg', 'mdadm.conf', 'crypttab', 'lvm.conf',
                     'network', 'modprobe.d', 'sysctl.conf', 'journald.conf', 'chrony.conf', 'nginx', 'ipmi.conf']
        def months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
        (0..<count).collect {
            String mode = random.nextBoolean() ? 'drwxr-xr-x' : '-rw-r--r--'
            String.format('%s %2d %-6s %-6s %6d %s %2d %02d:%02d %s', mode, 1 + random.nextInt(9),
                random.nextBoolean() ? 'root' : 'admin', random.nextBoolean() ? 'root' : 'adm', random.nextInt(90000),
                months[random.nextInt(12)], 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60),
                names[random.nextInt(names.size())])
        }
    }

    /** The rows drawn on a 1024×768 frame character by character at cell positions, as xterm does. */
    static BufferedImage terminal(List<String> rows, File fontFile = MONO, Map<Integer, List<Color>> colours = [:],
                                  Color fg = new Color(0xD0D0D0), Color bg = Color.BLACK) {
        def font = Font.createFont(Font.TRUETYPE_FONT, fontFile).deriveFont(17f)
        def image = new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB)
        def g = image.createGraphics()
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON)
        g.color = bg
        g.fillRect(0, 0, 1024, 768)
        g.font = font
        def metrics = g.fontMetrics
        int cw = metrics.charWidth('M' as char)
        int ch = metrics.height
        rows.eachWithIndex { String row, int r ->
            List<Color> pair = colours[r] ?: [fg, bg]
            g.color = pair[1]
            g.fillRect(2, 2 + r * ch, row.length() * cw, ch)
            g.color = pair[0]
            if (fontFile == MONO) {
                row.eachWithIndex { String c, int i -> g.drawString(c, 2 + i * cw, 2 + r * ch + metrics.ascent) }
            } else {
                g.drawString(row, 2, 2 + r * ch + metrics.ascent)
            }
        }
        g.dispose()
        image
    }

    static int[] cellSize(File fontFile = MONO) {
        def g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
        def metrics = g.getFontMetrics(Font.createFont(Font.TRUETYPE_FONT, fontFile).deriveFont(17f))
        g.dispose()
        [metrics.charWidth('M' as char), metrics.height] as int[]
    }

    static List<ScreenLines.Line> lines(BufferedImage image) {
        ScreenLines.find(Pixels.rgb(image), image.width, image.height)
    }

    def "the grid of a monospaced terminal is found from its pixels: the cell size it was drawn with"() {
        given:
        def image = terminal(listing(seed, 24))
        int[] size = cellSize()

        when:
        def grid = TerminalGrid.find(lines(image), image.width, image.height)

        then: 'the drawn cell size; columns start where the characters were drawn; each line lies in a row of its own'
        grid != null
        grid.cellWidth == size[0]
        grid.cellHeight == size[1]
        Math.floorMod(grid.originX - 2, grid.cellWidth) == 0
        lines(image).collect { grid.row(it) }.unique().size() == 24
        lines(image).every { grid.row(it) >= 0 }

        where:
        seed << [1, 2, 3]
    }

    def "a proportional font, a frame scaled to a size that is no whole cell, and too few lines have no grid"() {
        expect:
        TerminalGrid.find(lines(image), image.width, image.height) == null

        where:
        image << [terminal(listing(4, 24), SANS),
                  Images.resized(terminal(listing(5, 24)), 1000, 700),
                  terminal(listing(6, 2))]
    }

    def "a cell's shape is the glyph's: nearly the same in another colour and dark on light, far from another glyph's"() {
        given: 'one row drawn red, then grey, above a listing, all on black; and all of it black on white'
        def rows = ['Superblock checksum', 'Superblock checksum'] + listing(7, 20)
        def dark = terminal(rows, MONO, [0: [new Color(0xFF5555), Color.BLACK]])
        def light = terminal(rows, MONO, [:], Color.BLACK, Color.WHITE)
        def onDark = TerminalGrid.find(lines(dark), 1024, 768)
        def onLight = TerminalGrid.find(lines(light), 1024, 768)
        int[] d = Pixels.rgb(dark)
        int[] l = Pixels.rgb(light)
        int row = onDark.row(lines(dark)[0])
        int col = onDark.column(3)
        def shapes = { TerminalGrid grid, int[] rgb, int r -> (0..<19).collect { grid.shape(rgb, r, col + it) } }
        def red = shapes(onDark, d, row)
        def grey = shapes(onDark, d, row + 1)
        def black = shapes(onLight, l, row)
        def apart = { byte[] a, byte[] b -> TerminalGrid.difference(a, b, 255) }
        def glyphs = (0..<19) - 10

        expect:
        onDark != null && onLight != null
        onLight.row(lines(light)[0]) == row

        and: 'the same glyph in other colours: one group'
        glyphs.every { apart(red[it], grey[it]) <= CellReader.SAME_SHAPE_LOSSLESS }
        glyphs.every { apart(grey[it], black[it]) <= CellReader.SAME_SHAPE_LOSSLESS }

        and: 'the same glyph twice in one colour is the same shape; other glyphs are far apart, even for JPEG'
        [[3, 13], [8, 11], [11, 14], [9, 15], [1, 17]].every { int a, int b -> apart(grey[a], grey[b]) == 0 }   // e, c, c, k, u
        [[0, 1], [3, 8], [6, 9], [4, 16]].every { int a, int b -> apart(grey[a], grey[b]) > CellReader.SAME_SHAPE }  // S u, e c, l k, r s
        grey[10] == null          // the space
    }

    def "a dense terminal is read with few OCR calls and right; a next frame of known glyphs needs none"() {
        given:
        def rows = listing(seed, 32)
        ocr.forgetLines()

        when:
        def text = ocr.read(terminal(rows))
        int calls = ocr.recognisedLastRead()
        double accuracy = Fixtures.accuracy(rows, text.lines())
        println String.format('drawn terminal, seed %d: %.2f%% characters right with %d OCR calls for %d lines', seed, accuracy * 100, calls, rows.size())

        then:
        accuracy >= 0.98
        calls < rows.size()      // each call a few words, not a line
        text.lines().size() == rows.size()

        when: 'the listing is sorted: other lines, the same glyphs'
        def sorted = rows.sort(false)
        def next = ocr.read(terminal(sorted))

        then:
        ocr.recognisedLastRead() == 0
        Fixtures.accuracy(sorted, next.lines()) >= accuracy - 0.001

        where:
        seed << [11, 12]
    }

    def "a JPEG-degraded terminal is read by grouping its cells by shape: right, with few OCR calls"() {
        given:
        def rows = listing(21, 32)
        def frame = jpeg(terminal(rows), 0.6f)
        ocr.forgetLines()

        when:
        def text = ocr.read(frame)
        double accuracy = Fixtures.accuracy(rows, text.lines())
        println String.format('drawn terminal as JPEG: %.2f%% characters right with %d OCR calls', accuracy * 100, ocr.recognisedLastRead())

        then:
        accuracy >= 0.98
        ocr.recognisedLastRead() < rows.size() / 2

        when: 'another JPEG frame of the same glyphs'
        def next = ocr.read(jpeg(terminal(rows.sort(false)), 0.6f))

        then: 'the shapes learnt on the first frame read it'
        ocr.recognisedLastRead() <= 2
        Fixtures.accuracy(rows.sort(false), next.lines()) >= 0.98
    }

    def "a grid whose cells hardly repeat (hundreds of different characters) is not read by cells"() {
        given:
        def random = new Random(41)
        def rows = (0..<24).collect { (0..<60).collect { (char) (0x21 + random.nextInt(0x24F - 0x21)) }.join() }
        def frame = terminal(rows)
        def cells = new CellReader()
        int calls = 0

        when:
        def read = cells.read(Pixels.rgb(frame), frame.width, frame.height, lines(frame), recogniser { calls++; [] })

        then:
        read == null
        calls == 0
    }

    def "a reading that does not align one character to each inked cell teaches nothing: the line goes to OCR"() {
        given:
        def image = terminal(listing(31, 12))
        def found = lines(image)
        def cells = new CellReader()

        when: 'the engine reads one character too few, or puts every character at the start'
        def read = cells.read(Pixels.rgb(image), image.width, image.height, found, recogniser)

        then:
        read != null
        read.every { it == null }
        cells.recognisedLastRead() <= 2 * (CellReader.MAX_FAILED_WORDS + 1)  // two words a round, each alone, then widened

        where:
        recogniser << [
            recogniser { [new CellReader.Symbol('x', 10, 12)] },
            recogniser { (0..<40).collect { new CellReader.Symbol('a', 0, 2) } },
        ]
    }

    /** A recogniser that answers every picture with what {@code read} gives. */
    static CellReader.Recogniser recogniser(Closure<List<CellReader.Symbol>> read) {
        new CellReader.Recogniser() {
            @Override
            List<CellReader.Symbol> symbols(CellReader.Picture picture) { read.call() }
        }
    }

    static BufferedImage jpeg(BufferedImage image, float quality) {
        def bytes = new ByteArrayOutputStream()
        def writer = ImageIO.getImageWritersByFormatName('jpeg').next()
        def param = writer.defaultWriteParam
        param.compressionMode = ImageWriteParam.MODE_EXPLICIT
        param.compressionQuality = quality
        writer.output = ImageIO.createImageOutputStream(bytes)
        writer.write(null, new IIOImage(image, null, null), param)
        writer.dispose()
        ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()))
    }
}
