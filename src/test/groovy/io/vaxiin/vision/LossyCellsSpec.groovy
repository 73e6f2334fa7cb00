package io.vaxiin.vision

import spock.lang.Specification

import java.awt.image.BufferedImage

/** {@link LossyCells}: cells of many colours (JPEG, a frame scaled back) split into the two they were drawn in. */
class LossyCellsSpec extends Specification {


    /** The 9×16 cell at (col, row) of a frame {@code width} pixels wide, as pixels. */
    static int[] cell(int[] px, int width, int col, int row) {
        int[] out = new int[9 * 16]
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 9; x++) {
                out[y * 9 + x] = px[(row * 16 + y) * width + col * 9 + x]
            }
        }
        out
    }

    /** Bit i set where pixel i of the cell is {@code set}'s side (nearer {@code set} than {@code clear}). */
    static long[] maskOf(int[] p, int set, int clear) {
        long[] mask = new long[(p.length + 63).intdiv(64)]
        for (int i = 0; i < p.length; i++) {
            if (CellColours.distance(p[i], set) < CellColours.distance(p[i], clear)) {
                mask[i >>> 6] |= 1L << (i & 63)
            }
        }
        mask
    }

    static int bitsApart(long[] a, long[] b) {
        (0..<a.length).sum { Long.bitCount(a[it] ^ b[it]) } as int
    }

    def "a glyph in noise splits into its two colours, the set pixels being the glyph's"() {
        given: "an 'A' in white on blue, each channel of each pixel a few steps off"
        def screen = TextModeScreen.vga80x25().put(0, 0, 'A', VgaColor.WHITE, VgaColor.BLUE)
        int[] clean = cell(Pixels.rgb(screen.render()), 720, 0, 0)
        def random = new Random(3)
        int[] noisy = clean.collect { int p ->
            [16, 8, 0].sum { int s -> Math.max(0, Math.min(255, (p >>> s & 0xFF) + random.nextInt(11) - 5)) << s } as int
        } as int[]
        int[] cluster = new int[noisy.length]
        long[] mask = new long[3]
        int[] means = new int[2]

        when:
        boolean split = LossyCells.split(noisy, noisy.length, cluster, mask, means)

        then:
        split
        CellColours.distance(means[1], VgaColor.WHITE.rgb()) <= 12
        CellColours.distance(means[0], VgaColor.BLUE.rgb()) <= 12
        bitsApart(mask, maskOf(clean, VgaColor.WHITE.rgb(), VgaColor.BLUE.rgb())) == 0
        (0..<noisy.length).every { cluster[it] == ((mask[it >>> 6] >>> (it & 63) & 1L) as int) }
    }

    def "a cell of one colour with noise, or of two alike colours, does not split"() {
        given:
        def random = new Random(5)
        int[] flat = (0..<144).collect { 0x0000AA + random.nextInt(4) } as int[]
        int[] alike = (0..<144).collect { it % 3 == 0 ? 0x808080 : 0x888888 } as int[]
        int[] twoColours = (0..<144).collect { it % 3 == 0 ? 0xFFFFFF : 0x0000AA } as int[]

        expect:
        !LossyCells.split(flat, 144, new int[144], new long[3], new int[2])
        !LossyCells.split(alike, 144, new int[144], new long[3], new int[2])
        LossyCells.split(twoColours, 144, new int[144], new long[3], new int[2])
    }

    def "a cell is nearly one colour when nine in ten of its pixels lie near its middle colour"() {
        given:
        int[] speckled = (0..<100).collect { it < 92 ? 0x0000AA : 0xFFFFFF } as int[]
        int[] half = (0..<100).collect { it < 60 ? 0x0000AA : 0xFFFFFF } as int[]

        expect:
        LossyCells.nearlyOneColour(speckled, 100)
        !LossyCells.nearlyOneColour(half, 100)
        LossyCells.mean([0x000000, 0x0000FF, 0x00FF00, 0xFF0000] as int[], 4) == 0x3F3F3F
    }

    def "the cells of a JPEG fixture split as their lossless twin draws them, nearly bit for bit"() {
        given: 'vga/e2fsck-prompt-1 and its JPEG (quality 60, 4:2:0), cell by cell'
        def png = Fixtures.all().find { it.file == 'vga/e2fsck-prompt-1.png' }
        def jpeg = Fixtures.all().find { it.file == 'vga/e2fsck-prompt-1-jpeg.png' }
        int[] clean = Pixels.rgb(png.image())
        int[] lossy = Pixels.rgb(jpeg.image())
        int glyphCells = 0
        int close = 0

        when: 'every cell of exactly two colours in the PNG is split in the JPEG'
        for (int r = 0; r < 25; r++) {
            for (int c = 0; c < 80; c++) {
                int[] p = cell(clean, 720, c, r)
                def colours = (p as List).unique()
                if (colours.size() != 2) {
                    continue
                }
                glyphCells++
                int[] q = cell(lossy, 720, c, r)
                long[] mask = new long[3]
                int[] means = new int[2]
                if (LossyCells.split(q, q.length, new int[q.length], mask, means)) {
                    int d = Math.min(bitsApart(mask, maskOf(p, colours[0], colours[1])),
                        bitsApart(mask, maskOf(p, colours[1], colours[0])))
                    if (d <= 6) {
                        close++
                    }
                }
            }
        }

        then:
        glyphCells >= 200
        close >= glyphCells * 0.95
    }

    def "a horizontal line smeared by JPEG reads as the box-drawing line it is, not as a bold hyphen it ties with"() {
        given: 'a terminus-16 row of ─ on grey with rows of slightly other greys above and below (JPEG ringing)'
        def font = BitmapFont.builtIn().find { it.name() == 'terminus-8x16' }
        def glyph = font.glyph(0x2500)
        int line = (0..<16).find { glyph.rows()[it] != 0 }
        def image = new BufferedImage(8 * 40, 16 * 3, BufferedImage.TYPE_INT_RGB)
        for (int y = 0; y < image.height; y++) {
            for (int x = 0; x < image.width; x++) {
                int grey = 0xE5 + ((y * 7 + x * 3) % 5) - 2
                image.setRGB(x, y, y == 16 + line ? 0x020202 : (grey << 16 | grey << 8 | grey))
            }
        }
        def work = new CellMatching.Work()
        work.use(new GlyphMatcher(font))
        def row = new CellMatching.Row(40)

        when:
        int kind = CellMatching.decode(Pixels.rgb(image), image.width, 8 * 5, 16, work, row, 5)

        then:
        kind == CellMatching.GLYPH
        row.code[5] == 0x2500
    }
}
