package io.vaxiin.vision

import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Unroll

import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files
import java.nio.file.Path

/** The Linux kernel's TER16x32 font shipped as lib/fonts/linux-ter16x32.psf, and fbcon screens read with it. */
class KernelTer16x32Spec extends Specification {

    static final Path PROJECT = Path.of(System.getProperty('user.dir'))
    static final Path SHIPPED = PROJECT.resolve(ConsoleFonts.SHIPPED_TER16X32)
    static final Path README = PROJECT.resolve('lib/fonts/README.md')
    static final String SCREEN = 'vga/fbcon-ter16x32-initramfs-1024x768.png'

    @Shared byte[] raw = Files.readAllBytes(SHIPPED)
    @Shared BitmapFont kernel = ConsoleFonts.read('linux-16x32', SHIPPED)
    @Shared BitmapFont terminus = BitmapFont.named('terminus-16x32')

    @TempDir Path dir

    def "the shipped file is a PSF2 font of 256 glyphs of 16x32 whose SHA-256 sums are the ones its README records"() {
        given:
        def header = ByteBuffer.wrap(raw, 0, 32).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
        def readme = Files.readString(README)

        expect: 'magic, version 0, header size 32, no Unicode table, 256 glyphs of 64 bytes, height 32, width 16'
        raw.length == 32 + 256 * 64
        (0..<8).collect { header.get(it) } == [0x864AB572 as int, 0, 32, 0, 256, 64, 32, 16]
        kernel.width() == 16
        kernel.height() == 32

        and: 'every code page 437 character but the blanks 0x00 and 0xFF has its glyph'
        (1..0xFE).every { kernel.glyph((int) Cp437.toUnicode(it))?.rows() == glyphAt(it) }

        and:
        readme =~ /TER16x32 glyph table\*\*[^`]*`${KernelFontSpec.sha256(raw[32..-1] as byte[])}`/
        readme =~ /TER16x32 file\*\*[^`]*`${KernelFontSpec.sha256(raw)}`/
    }

    def "the space is the glyph of 0x20, not the box the font draws at 0x00"() {
        expect:
        glyphAt(0).any { it != 0 }
        kernel.glyph((int) ' ').rows() == glyphAt(0x20)
        glyphAt(0x20).every { it == 0 }
    }

    def "the kernel's font is Terminus's bold face but for 5 designs of its own, and every kernel glyph reads as its own character"() {
        given:
        def font = ConsoleFonts.completedByTerminus(kernel)
        def matcher = new GlyphMatcher(font)
        def boldOrRegular = { int code, BitmapFont.Style style ->
            terminus.glyphs().any { it.codePoint() == (int) Cp437.toUnicode(code) && it.style() == style && it.rows() == glyphAt(code) }
        }

        expect: 'the 5 designs Terminus has no bitmap of'
        font.glyphs().findAll { it.style() == BitmapFont.Style.VARIANT }.collect { new String(Character.toChars(it.codePoint())) } ==
            ['`', '~', 'ß', 'φ', 'ε']

        and: 'the rest are bold, but shades, blocks and a few signs drawn as the regular face (Terminus has one space)'
        ((1..0xFE) - 0x20).findAll { !boldOrRegular(it, BitmapFont.Style.BOLD) && boldOrRegular(it, BitmapFont.Style.REGULAR) }
            .collect { Cp437.toUnicode(it) }.join() == '*<>«»░▒▓█▄▌▐▀≥≤'

        and: 'every glyph of the table reads as its own character'
        misread(matcher) == []

        and: "Terminus's bitmaps stay, in order, but for those that are the kernel's glyph of another character (its regular • is the kernel's ∙)"
        def left = terminus.glyphs() - font.glyphs()
        left*.toString() == ['U+2022 REGULAR', 'U+2014 REGULAR', 'U+2015 REGULAR', 'U+25CF REGULAR',
                             'U+2012 BOLD', 'U+2013 BOLD', 'U+25C6 BOLD', 'U+25CF BOLD']
        left.every { t -> (1..0xFE).any { glyphAt(it) == t.rows() && (int) Cp437.toUnicode(it) != t.codePoint() } }
        font.glyphs().take(terminus.glyphs().size() - left.size()) == terminus.glyphs() - left
    }

    def "without the kernel's file, Terminus reads the same screen but for its tilde"() {
        given:
        def screen = Fixtures.all().find { it.file == SCREEN }

        when:
        def reading = new GridTextReader(BitmapFont.builtIn()).analyse(screen.image())
        def wrong = (0..<screen.truth().size()).findAll { reading.lines()[it] != screen.truth()[it] }

        then:
        reading.unknownCells() == 1
        wrong.size() == 1
        screen.truth()[wrong[0]].contains('~')
        reading.lines()[wrong[0]] == screen.truth()[wrong[0]].replace('~', '\uFFFD')
    }

    def "the default reader has the kernel's 16x32 font after its 8x16 one, before the shipped fonts of other sizes"() {
        when:
        def names = new GridTextReader().fonts()*.name()

        then:
        ConsoleFonts.linux()*.name() == ['linux-8x16', 'linux-16x32']
        ConsoleFonts.linux()[1].glyphs() == ConsoleFonts.completedByTerminus(kernel).glyphs()
        names.indexOf('linux-16x32') == names.indexOf('linux-8x16') + 1
        names.indexOf('linux-16x32') < names.indexOf('terminus-16x32')
    }

    @Unroll("#scenario: no font, and no exception")
    def "a missing, truncated or corrupt TER16x32 file never fails: there is no kernel 16x32 font"() {
        given:
        def bad = dir.resolve('linux-ter16x32.psf')
        if (bytes != null) Files.write(bad, bytes)

        expect:
        ConsoleFonts.ter16x32(bad) == []

        where:
        scenario                      | bytes
        'missing'                     | null
        'empty'                       | new byte[0]
        'PSF2 header only'            | Files.readAllBytes(SHIPPED)[0..<32] as byte[]
        'cut after 8000 bytes'        | Files.readAllBytes(SHIPPED)[0..<8000] as byte[]
        'not a font'                  | ('this is no font at all, only words' * 20).bytes
        'the 8x16 font'               | Files.readAllBytes(PROJECT.resolve(ConsoleFonts.SHIPPED))
        'PSF2 of 2^31-1 glyphs'       | KernelFontSpec.psf2(Integer.MAX_VALUE, 64, 32, 16)
        'PSF2 of 1 glyph of 16x32'    | KernelFontSpec.psf2(1, 64, 32, 16)
        'gzip of a truncated PSF2'    | KernelFontSpec.gzip(Files.readAllBytes(SHIPPED)[0..<100] as byte[])
    }

    /** The table's characters that {@code matcher} reads as something else, as "x reads as y". */
    List<String> misread(GlyphMatcher matcher) {
        (1..0xFE).collect { code ->
            int g = matcher.exact(mask(glyphAt(code)), 0)
            String read = g < 0 ? 'nothing' : Character.toString(matcher.codePoint(g))
            read == Cp437.toUnicode(code).toString() ? null : "${Cp437.toUnicode(code)} reads as $read".toString()
        }.findAll()
    }

    /** The shipped table's scanlines of CP437 code {@code code}. */
    int[] glyphAt(int code) {
        (0..<32).collect { y -> (raw[32 + code * 64 + 2 * y] & 0xFF) << 8 | raw[32 + code * 64 + 2 * y + 1] & 0xFF } as int[]
    }

    /** A 16×32 cell as {@link GlyphMatcher} keeps it: bit y × 16 + x. */
    static long[] mask(int[] rows) {
        long[] mask = new long[8]
        rows.eachWithIndex { int row, int y ->
            (0..<16).each { int x ->
                if ((row >>> (15 - x) & 1) != 0) {
                    int i = y * 16 + x
                    mask[i >>> 6] |= 1L << (i & 63)
                }
            }
        }
        mask
    }
}
