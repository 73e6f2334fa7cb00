package io.vaxiin.vision

import spock.lang.Specification

/** {@link FrameEdges}: where a frame's colours change, which the grid search follows. */
class FrameEdgesSpec extends Specification {

    def "a white column on black is two edges a row, both in its columns"() {
        given:
        int[] px = new int[40 * 20]
        (0..<20).each { y -> px[y * 40 + 10] = 0xFFFFFF }

        when:
        def edges = new FrameEdges(px, 40, 20)

        then:
        edges.total == 40
        edges.rowEdges.every { it == 2d }
        edges.colEdges[10] == 20d
        edges.colEdges[11] == 20d
        (0..<40).findAll { edges.colEdges[it] != 0d } == [10, 11]
        edges.anchors.length == 2 * 40
        edges.lossless()
    }

    def "a frame of one colour, or of shades closer than an edge, has no edges"() {
        given:
        int[] flat = new int[30 * 20]
        int[] shades = (0..<(30 * 20)).collect { it % 2 == 0 ? 0x202020 : 0x303030 } as int[]

        expect:
        [flat, shades].every { px ->
            def edges = new FrameEdges(px, 30, 20)
            edges.total == 0 && edges.anchors.length == 0 && !edges.lossless() && edges.busiestRows().length == 0
        }
    }

    def "a console's anchors are at most 48 edge pixels, spread evenly over its edges"() {
        given:
        def screen = Fixtures.all().find { it.file == 'vga/e2fsck-prompt-1.png' }
        int[] px = Pixels.rgb(screen.image())

        when:
        def edges = new FrameEdges(px, 720, 400)
        def ys = (0..<edges.anchors.length).step(2).collect { edges.anchors[it + 1] }

        then:
        edges.anchors.length == 2 * 48
        (0..<edges.anchors.length).step(2).every { a ->
            int x = edges.anchors[a]
            int y = edges.anchors[a + 1]
            CellColours.distance(px[y * 720 + x], px[y * 720 + x - 1]) > 60
        }
        ys == ys.sort(false)

        and: 'from the first text line with edges to the last'
        int first = (0..<400).find { edges.rowEdges[it] > 0 }
        int last = (0..<400).findAll { edges.rowEdges[it] > 0 }.max()
        ys.first() >= first && ys.first() < first + 16
        ys.last() <= last && ys.last() > last - 16
    }

    def "a lossless console's edges are flat, its JPEG's are not"() {
        given:
        def png = Fixtures.all().find { it.file == 'vga/e2fsck-prompt-1.png' }
        def jpeg = Fixtures.all().find { it.file == 'vga/e2fsck-prompt-1-jpeg.png' }

        expect:
        new FrameEdges(Pixels.rgb(png.image()), 720, 400).lossless()
        !new FrameEdges(Pixels.rgb(jpeg.image()), 720, 400).lossless()
    }

    def "the busiest rows are the sixteen with most edges, busiest first"() {
        given: 'row y has y white pixels on black, apart from each other'
        int w = 100
        int h = 30
        int[] px = new int[w * h]
        for (int y = 0; y < h; y++) {
            for (int i = 0; i < y; i++) {
                px[y * w + 3 * i + 1] = 0xFFFFFF
            }
        }

        when:
        def rows = new FrameEdges(px, w, h).busiestRows()

        then:
        rows as List == (29..14)
    }
}
