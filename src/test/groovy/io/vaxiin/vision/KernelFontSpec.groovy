package io.vaxiin.vision

import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.util.function.Supplier
import java.util.zip.GZIPOutputStream

/** The Linux kernel's VGA8x16 font shipped as lib/fonts/linux-vga8x16.psf, and fbcon screens read with it. */
class KernelFontSpec extends Specification {

    static final Path PROJECT = Path.of(System.getProperty('user.dir'))
    static final Path SHIPPED = PROJECT.resolve(ConsoleFonts.SHIPPED)
    static final Path README = PROJECT.resolve('lib/fonts/README.md')

    @Shared byte[] raw = Files.readAllBytes(SHIPPED)
    @Shared BitmapFont kernel = ConsoleFonts.read('linux-8x16', SHIPPED)
    @Shared BitmapFont rom = BitmapFont.fromVga(VgaFont.vga(), 8)

    @TempDir Path dir

    def "the shipped file is a PSF1 font of 256 glyphs of 8x16 whose SHA-256 sums are the ones its README records"() {
        given:
        def readme = Files.readString(README)

        expect: 'magic 36 04, mode 0 (256 glyphs, no Unicode table), 16 scanlines, then the table'
        raw.length == 4 + 256 * 16
        raw[0..3].collect { it & 0xFF } == [0x36, 0x04, 0x00, 0x10]
        kernel.width() == 8
        kernel.height() == 16

        and: 'every code page 437 character of the console repertoire has its glyph (0x00 and 0xFF draw the space)'
        (1..0xFE).every { kernel.glyph((int) Cp437.toUnicode(it)) != null }

        and:
        readme =~ /SHA-256 of the glyph table\*\*[^`]*`${sha256(raw[4..-1] as byte[])}`/
        readme =~ /SHA-256 of the file\*\*[^`]*`${sha256(raw)}`/
    }

    def "every cell of the code page 437 chart on a real fbcon screen is the shipped glyph of its character"() {
        given: 'the kernel printed a chart: row 1 + high nibble, column 4 + 2 × low nibble'
        def screen = Fixtures.all().find { it.file == 'vga/fbcon-charset-1024x768.png' }
        def image = screen.image()
        def truth = screen.truth()
        int background = image.getRGB(0, 0)

        when:
        def checked = []
        def differing = []
        (0..0xFF).each { code ->
            int row = 1 + code.intdiv(16), col = 4 + 2 * (code % 16)
            String line = truth[row]
            char shown = col < line.length() ? line.charAt(col) : (char) ' '
            if (shown != Cp437.toUnicode(code)) {
                return // the chart leaves a blank where the character is no printable one
            }
            checked << code
            int[] cell = (0..<16).collect { y ->
                (0..<8).inject(0) { int bits, x -> bits << 1 | (image.getRGB(col * 8 + x, row * 16 + y) != background ? 1 : 0) }
            } as int[]
            if (cell != glyphAt(code)) {
                differing << code
            }
        }

        then:
        checked.size() >= 250
        differing == []
    }

    def "no shipped glyph that differs from the VGA ROM's is the ROM's glyph of another character, so each reads as its own"() {
        given:
        def font = ConsoleFonts.completedByVga(kernel)
        def matcher = new GlyphMatcher(font)

        expect:
        (1..0xFE).findAll { code ->
            int cp = Cp437.toUnicode(code)
            int g = matcher.exact(mask(glyphAt(code)), 0)
            g < 0 || matcher.codePoint(g) != cp
        } == []

        and: 'the kernel adds 42 designs to the ROM font'
        font.glyphs().count { it.style() == BitmapFont.Style.VARIANT } == 42
    }

    @Unroll("#screen.file reads exactly with #font, without OCR")
    def "every fbcon fixture reads exactly on the grid with the kernel's font it was drawn in (VGA8x16 or TER16x32)"() {
        given:
        def ocr = { throw new AssertionError('OCR was started') } as Supplier<TextReader>

        when:
        def reading = new GridTextReader().analyse(screen.image())
        def text = new ScreenReader(new GridTextReader(), ocr).read(screen.image())

        then:
        reading.confident()
        reading.unknownCells() == 0
        reading.grid().font().name() == font
        reading.lines() == screen.truth()
        text.reader() == GridTextReader.NAME
        text.lines() == screen.truth()

        where:
        screen << Fixtures.ofKind('fbcon')
        font = screen.font.contains('TER16x32') ? 'linux-16x32' : 'linux-8x16'
    }

    def "the default reader finds the shipped file (the working folder stands for vaxiin.home in a build)"() {
        expect:
        System.getProperty('vaxiin.home') == null || Path.of(System.getProperty('vaxiin.home')).resolve(ConsoleFonts.SHIPPED) == SHIPPED
        ConsoleFonts.candidates()[0].toAbsolutePath().normalize() == SHIPPED.toAbsolutePath().normalize()
        ConsoleFonts.linux()[0].glyphs() == ConsoleFonts.completedByVga(kernel).glyphs()
    }

    @Requires({ Files.isRegularFile(ConsoleFonts.LINUX_VGA_8X16[0]) })
    def "without the shipped file, console-setup's font installed on the machine is read instead"() {
        when:
        def fonts = ConsoleFonts.firstReadable([dir.resolve('linux-vga8x16.psf')] + ConsoleFonts.LINUX_VGA_8X16)

        def kernelDesigns = ConsoleFonts.completedByVga(kernel).glyphs().findAll { it.style() == BitmapFont.Style.VARIANT }
        def lacking = kernelDesigns.findAll { k -> !fonts[0].glyphs().any { it.codePoint() == k.codePoint() && it.rows() == k.rows() } }

        then: 'it has some of the kernel designs (the dotted 0), not all (f, v)'
        fonts*.name() == ['linux-8x16']
        lacking.size() < kernelDesigns.size()
        !((int) '0' in lacking*.codePoint())
        [(int) 'f', (int) 'v'].every { it in lacking*.codePoint() }
    }

    @Unroll("#scenario: passed over for the next font, and alone no fbcon font and no exception")
    def "a missing, truncated or corrupt font file never fails: the next source is read, or none"() {
        given:
        def bad = dir.resolve('linux-vga8x16.psf')
        if (bytes != null) Files.write(bad, bytes)
        def charset = Fixtures.all().find { it.file == 'vga/fbcon-charset-1024x768.png' }

        when:
        def withNext = ConsoleFonts.firstReadable([bad, SHIPPED])
        def alone = ConsoleFonts.firstReadable([bad])
        def reading = new GridTextReader(BitmapFont.builtIn() + alone).analyse(charset.image())

        then:
        withNext*.glyphs() == [ConsoleFonts.completedByVga(kernel).glyphs()]
        alone == []
        reading.lines() != charset.truth()

        where:
        scenario                      | bytes
        'missing'                     | null
        'empty'                       | new byte[0]
        'PSF1 header only'            | [0x36, 0x04, 0x00, 0x10] as byte[]
        'cut after 2000 bytes'        | Files.readAllBytes(SHIPPED)[0..<2000] as byte[]
        'not a font'                  | ('this is no font at all, only words' * 20).bytes
        'PSF2 of 2^31-1 glyphs'       | psf2(Integer.MAX_VALUE, 16, 16, 8)
        'PSF2 of -5 glyphs'           | psf2(-5, 16, 16, 8)
        'PSF2 of 0x0 glyphs'          | psf2(256, 0, 0, 0)
        'gzip magic, then garbage'    | [0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02, 0x03] as byte[]
        'gzip of a truncated PSF1'    | gzip(Files.readAllBytes(SHIPPED)[0..<100] as byte[])
    }

    /** The shipped table's scanlines of CP437 code {@code code}. */
    int[] glyphAt(int code) {
        (0..<16).collect { raw[4 + code * 16 + it] & 0xFF } as int[]
    }

    /** An 8×16 cell as {@link GlyphMatcher} keeps it: bit y × 8 + x. */
    static long[] mask(int[] rows) {
        long[] mask = new long[2]
        rows.eachWithIndex { int row, int y ->
            (0..<8).each { int x ->
                if ((row >>> (7 - x) & 1) != 0) {
                    int i = y * 8 + x
                    mask[i >>> 6] |= 1L << (i & 63)
                }
            }
        }
        mask
    }

    static String sha256(byte[] bytes) {
        MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString()
    }

    /** A PSF2 header claiming {@code count} glyphs, with 64 bytes after it. */
    static byte[] psf2(int count, int bytesPerGlyph, int height, int width) {
        def b = java.nio.ByteBuffer.allocate(32 + 64).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        b.putInt(0x864AB572 as int).putInt(0).putInt(32).putInt(0).putInt(count).putInt(bytesPerGlyph).putInt(height).putInt(width)
        b.array()
    }

    static byte[] gzip(byte[] bytes) {
        def out = new ByteArrayOutputStream()
        new GZIPOutputStream(out).withCloseable { it.write(bytes) }
        out.toByteArray()
    }
}
