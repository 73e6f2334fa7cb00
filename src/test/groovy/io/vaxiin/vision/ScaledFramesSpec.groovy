package io.vaxiin.vision

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import java.awt.image.BufferedImage

/** {@link ScaledFrames}: telling a viewer's bilinear scaling of a console, and scaling it back. */
class ScaledFramesSpec extends Specification {

    @Shared List<GlyphMatcher> matchers = new GridTextReader().fonts().collect { new GlyphMatcher(it) }

    /** A console-like picture: blocks of two colours, a few pixels wide, on a grey ground. */
    static int[] blocks(int w, int h) {
        int[] px = new int[w * h]
        def random = new Random(7)
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = ((x.intdiv(3) * 5 + y.intdiv(4) * 3 + random.nextInt(2)) % 4 == 0) ? 0x0000AA : 0xAAAAAA
            }
        }
        px
    }

    static BufferedImage frameOf(int[] px, int w, int h) {
        def image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB)
        image.setRGB(0, 0, w, h, px, 0, w)
        image
    }

    /** A bilinear upscale with pixel centres and clamped edges, blended in sRGB (as a browser does). */
    static int[] upscale(int[] px, int nw, int nh, int w, int h) {
        int[] out = new int[w * h]
        for (int y = 0; y < h; y++) {
            double sy = (y + 0.5) * nh / h - 0.5
            int iy = Math.max(0, Math.min(nh - 1, (int) Math.floor(sy)))
            double fy = sy < 0 || iy >= nh - 1 ? 0 : sy - iy
            for (int x = 0; x < w; x++) {
                double sx = (x + 0.5) * nw / w - 0.5
                int ix = Math.max(0, Math.min(nw - 1, (int) Math.floor(sx)))
                double fx = sx < 0 || ix >= nw - 1 ? 0 : sx - ix
                int p = 0
                for (int shift in [16, 8, 0]) {
                    def c = { int xx, int yy -> px[Math.min(yy, nh - 1) * nw + Math.min(xx, nw - 1)] >>> shift & 0xFF }
                    double top = (1 - fx) * c(ix, iy) + fx * c(ix + 1, iy)
                    double bottom = (1 - fx) * c(ix, iy + 1) + fx * c(ix + 1, iy + 1)
                    p |= ((int) Math.round((1 - fy) * top + fy * bottom)) << shift
                }
                out[y * w + x] = p
            }
        }
        out
    }

    def "a frame scaled bilinearly comes back to the console's own pixels, each channel within one step"() {
        given:
        int[] console = blocks(64, 40)
        int[] frame = upscale(console, 64, 40, 100, 70)

        when:
        int[] back = ScaledFrames.unscale(frame, 100, 70, 64, 40, false)

        then:
        back.length == console.length
        (0..<console.length).findAll { i -> [16, 8, 0].any { s -> Math.abs((back[i] >>> s & 0xFF) - (console[i] >>> s & 0xFF)) > 1 } } == []
    }

    def "the upscale residual is rounding for the size the frame was scaled from, and large for other sizes"() {
        given:
        int[] frame = upscale(blocks(64, 40), 64, 40, 100, 70)
        int[] rows = (0..<70).step(5) as int[]
        int[] cols = (0..<100).step(7) as int[]

        expect:
        ScaledFrames.upscaleResidual(frame, 100, 70, 64, true, rows, false) <= ScaledFrames.UPSCALE_FIT
        ScaledFrames.upscaleResidual(frame, 100, 70, 40, false, cols, false) <= ScaledFrames.UPSCALE_FIT
        ScaledFrames.upscaleResidual(frame, 100, 70, 60, true, rows, false) > ScaledFrames.UPSCALE_FIT
        ScaledFrames.upscaleResidual(frame, 100, 70, 50, false, cols, false) > ScaledFrames.UPSCALE_FIT
        ScaledFrames.upscaleResidual(frame, 100, 70, 100, true, rows, false) == Double.POSITIVE_INFINITY
    }

    def "native sizes are the console modes and 80x25 or 80x24 cells, smaller than the frame, at most three times, largest first"() {
        when:
        def sizes = ScaledFrames.nativeSizes(matchers, 1024, 768).collect { "${it[0]}x${it[1]}".toString() }

        then:
        sizes.containsAll(['800x600', '720x400', '640x480', '640x400'])
        !sizes.contains('1024x768')
        sizes.unique(false) == sizes
        sizes.collect { it.split('x').collect { it as int }.inject { a, b -> a * b } } ==
            sizes.collect { it.split('x').collect { it as int }.inject { a, b -> a * b } }.sort(false).reverse()

        and: 'a frame more than three times the size of a console is not its scaling'
        !ScaledFrames.nativeSizes(matchers, 2400, 1300).collect { "${it[0]}x${it[1]}".toString() }.contains('720x400')
        !ScaledFrames.nativeSizes(matchers, 720, 400).isEmpty()
        ScaledFrames.nativeSizes(matchers, 720, 400).every { it[0] * it[1] < 720 * 400 }
    }

    def "linear light is the sRGB curve: black and white stay, mid grey is darker, and it encodes back"() {
        expect:
        ScaledFrames.Light.LINEAR[0] == 0f
        Math.abs(ScaledFrames.Light.LINEAR[255] - 255f) < 0.01f
        ScaledFrames.Light.LINEAR[128] < 60f
        (0..255).every { int i ->
            int back = ScaledFrames.Light.ENCODE[(int) Math.round(ScaledFrames.Light.LINEAR[i] * (ScaledFrames.Light.STEPS - 1) / 255d)] & 0xFF
            Math.abs(back - i) <= 1
        }
    }

    @Unroll("#screen.file is recognised as scaled from #expected")
    def "a scaled fixture fits a bilinear upscale of its native size, and only of that"() {
        given:
        def image = screen.image()
        int[] px = Pixels.rgb(image)
        def edges = new FrameEdges(px, image.width, image.height)

        expect:
        ScaledFrames.scalings(matchers, px, image.width, image.height, edges).collect { "${it.width()}x${it.height()}" } == [expected]

        where:
        screen << Fixtures.ofKind('scaled').findAll { !(it.font =~ /DejaVu|Liberation/) }
        expected = screen.font =~ /VGA/ ? '720x400' : '800x600'
    }

    def "frames that are no viewer's scaling (TrueType, graphical, native bitmap) fit no scaling"() {
        given:
        def frames = Fixtures.all().findAll { it.kind in ['xterm-ttf', 'graphical', 'xterm-bitmap', 'fbcon'] }

        expect:
        frames.size() >= 10
        frames.findAll { screen ->
            def image = screen.image()
            int[] px = Pixels.rgb(image)
            !ScaledFrames.scalings(matchers, px, image.width, image.height, new FrameEdges(px, image.width, image.height)).isEmpty()
        }*.file == []
    }

    def "a scaled fixture, scaled back, reads on the native grid as a bitmap console"() {
        given:
        def screen = Fixtures.ofKind('scaled').find { !(it.font =~ /DejaVu|Liberation/) }
        def image = screen.image()
        int[] px = Pixels.rgb(image)
        def scaling = ScaledFrames.scalings(matchers, px, image.width, image.height, new FrameEdges(px, image.width, image.height))[0]

        when:
        int[] small = ScaledFrames.unscale(px, image.width, image.height, scaling.width(), scaling.height(), scaling.linearLight())
        def reading = new GridTextReader().analyse(frameOf(small, scaling.width(), scaling.height()))

        then:
        !reading.grid().scaled()
        Fixtures.accuracy(screen.truth(), reading.lines()) >= 0.98
    }
}
