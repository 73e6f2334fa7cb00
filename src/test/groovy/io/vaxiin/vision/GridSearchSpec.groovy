package io.vaxiin.vision

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import java.awt.image.BufferedImage

/** {@link GridSearch}: which font, at which origin, the character grid of a frame is. */
class GridSearchSpec extends Specification {

    @Shared GridSearch search = new GridSearch(new GridTextReader().fonts().collect { new GlyphMatcher(it) })
    @Shared GlyphMatcher vga9 = search.matchers().find { it.font.name() == BitmapFont.fromVga(VgaFont.vga(), 9).name() }

    def "the fonts searched are the reader's, and a font's matcher is found by the font itself"() {
        expect:
        search.matchers()*.font == new GridTextReader().fonts()
        search.matcher(search.matchers()[1].font).is(search.matchers()[1])
        search.matcher(BitmapFont.fromVga(VgaFont.vga(), 9)) == null   // an equal font, but not one of these
    }

    @Unroll("8x16 text drawn at (#x, #y) on a #width x #height frame is found at that origin")
    def "a lossless frame's grid is found at its origin, and read"() {
        given:
        def canvas = new BitmapCanvas(width, height).clear(0x000000)
        canvas.text(x, y, 'Boot Maintenance Manager', 0xFFFFFF, 0x000000)
        canvas.text(x, y + 16, 'Continue   [Enter]  Reset', 0xFFFF55, 0x0000AA)
        canvas.text(x, y + 48, 'Press ESC to exit. 0x0000007B', 0xAAAAAA, 0x000000)
        int[] px = Pixels.rgb(canvas.snapshot())

        when:
        def reading = search.search(px, width, height, new FrameEdges(px, width, height), width, height, false)

        then:
        reading.confident()
        reading.grid().with { [cellWidth(), cellHeight(), originX(), originY(), scaled()] } == [8, 16, x % 8, y % 16, false]
        reading.lines()[y.intdiv(16)].trim() == 'Boot Maintenance Manager'

        where:
        width | height | x  | y
        640   | 480    | 0  | 0
        800   | 600    | 13 | 37
        1024  | 768    | 5  | 203
    }

    @Unroll("#screen.file: the JPEG's grid is found by probing, as VGA text at (0, 0)")
    def "a JPEG frame's grid is found by tolerant probes"() {
        given:
        def image = screen.image()
        int[] px = Pixels.rgb(image)
        def edges = new FrameEdges(px, image.width, image.height)

        when:
        def reading = search.search(px, image.width, image.height, edges, image.width, image.height, false)

        then:
        !edges.lossless()
        reading.confident()
        reading.grid().with { [cellWidth(), cellHeight(), originX(), originY()] } == [9, 16, 0, 0]

        where:
        screen << Fixtures.ofKind('jpeg').findAll { it.file.startsWith('vga/') }
    }

    def "a probe keeps a grid whose cells under the anchors read, and gives up one that is off"() {
        given:
        def jpeg = Fixtures.all().find { it.file == 'vga/e2fsck-prompt-1-jpeg.png' }
        int[] px = Pixels.rgb(jpeg.image())
        def edges = new FrameEdges(px, 720, 400)
        def work = new CellMatching.Work()
        work.use(vga9)
        def scratch = new CellMatching.Row(1)
        def right = GridTextReader.Grid.fit(vga9.font, 0, 0, 720, 400, 720, 400, false)
        def off = GridTextReader.Grid.fit(vga9.font, 4, 7, 720, 400, 720, 400, false)

        when:
        def kept = GridSearch.probe(px, 720, 400, vga9, 0, 0, edges, work, scratch, right)
        def given_up = GridSearch.probe(px, 720, 400, vga9, 4, 7, edges, work, scratch, off)

        then:
        kept != null
        kept.grid() == right
        kept.score() > 1
        given_up == null
    }

    def "the best offsets are where the frame's edges, folded on the cell, follow the font's profile"() {
        expect: 'edges peaking at 3 (mod 4), a profile peaking at 2: offset 1'
        GridSearch.bestOffsets([0, 0, 0, 5, 0, 1, 0, 4] as double[], [0, 0, 1, 0] as double[], 1) == [1] as int[]
        GridSearch.bestOffsets([0, 0, 0, 5, 0, 1, 0, 4] as double[], [0, 0, 1, 0] as double[], 9).length == 4
    }

    def "on drawn text the best offsets of the cell's columns and rows include the true origin"() {
        given:
        def canvas = new BitmapCanvas(640, 480).clear(0x000000)
        canvas.text(5, 11, 'GRUB loading. Welcome to GRUB!', 0xAAAAAA, 0x000000)
        canvas.text(5, 27, 'error: no such partition.', 0xAAAAAA, 0x000000)
        int[] px = Pixels.rgb(canvas.snapshot())
        def edges = new FrameEdges(px, 640, 480)
        def m = search.matchers().find { it.width == 8 && it.height == 16 }

        expect:
        5 in (GridSearch.bestOffsets(edges.colEdges, m.colProfile, 3) as List)
        11 in (GridSearch.bestOffsets(edges.rowEdges, m.rowProfile, 3) as List)
    }

    def "noise has no grid that reads confidently"() {
        given:
        def random = new Random(42)
        def noise = new BufferedImage(720, 400, BufferedImage.TYPE_INT_RGB)
        (0..<400).each { y -> (0..<720).each { x -> noise.setRGB(x, y, random.nextInt(0x1000000)) } }
        int[] px = Pixels.rgb(noise)

        expect:
        !search.search(px, 720, 400, new FrameEdges(px, 720, 400), 720, 400, false).confident()
    }
}
