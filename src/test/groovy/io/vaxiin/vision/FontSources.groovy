package io.vaxiin.vision

import io.vaxiin.vision.BitmapFont.Glyph
import io.vaxiin.vision.BitmapFont.Style

import java.nio.file.Files
import java.nio.file.Path

/**
 * Re-derives the shipped font tables (FONTS.md) from their sources: X11 PCF files of the Debian
 * packages xfonts-base and xfonts-terminus, and EDK2's LaffStd.c. Run as a program to write the
 * resources: {@code FontSources OUT_DIR [LaffStd.c (2023 and later) [LaffStd.c (before 2023)]]}.
 */
class FontSources {

    static final Path MISC = Path.of('/usr/share/fonts/X11/misc')

    /** The characters kept from the large X fonts (see {@link BitmapFont#consoleRepertoire()}). */
    static final List<Integer> REPERTOIRE = BitmapFont.consoleRepertoire()

    /** A font from a regular PCF and optionally its bold face (same cell), over the repertoire. */
    static BitmapFont fromPcf(String name, String regular, String bold = null) {
        PcfFont r = PcfFont.read(MISC.resolve(regular))
        PcfFont b = bold ? PcfFont.read(MISC.resolve(bold)) : null
        if (b && (b.cellWidth != r.cellWidth || b.cellHeight != r.cellHeight)) {
            throw new IllegalStateException("$bold is not the cell of $regular")
        }
        def glyphs = []
        REPERTOIRE.each { cp -> if (r.glyphs[cp] != null) glyphs << new Glyph(cp, Style.REGULAR, r.glyphs[cp]) }
        if (b) {
            REPERTOIRE.each { cp ->
                if (b.glyphs[cp] != null && r.glyphs[cp] != null && !Arrays.equals(b.glyphs[cp], r.glyphs[cp])) {
                    glyphs << new Glyph(cp, Style.BOLD, b.glyphs[cp])
                }
            }
        }
        BitmapFont.of(name, r.cellWidth, r.cellHeight, glyphs)
    }

    static BitmapFont fixed6x13() { fromPcf('fixed-6x13', '6x13.pcf.gz', '6x13B.pcf.gz') }

    static BitmapFont fixed9x15() { fromPcf('fixed-9x15', '9x15.pcf.gz', '9x15B.pcf.gz') }

    static BitmapFont fixed10x20() { fromPcf('fixed-10x20', '10x20.pcf.gz') }

    static BitmapFont terminus16() { fromPcf('terminus-8x16', 'ter-u16n_unicode.pcf.gz', 'ter-u16b_unicode.pcf.gz') }

    static BitmapFont terminus32() { fromPcf('terminus-16x32', 'ter-u32n_unicode.pcf.gz', 'ter-u32b_unicode.pcf.gz') }

    /**
     * Glyphs of EDK2's gUsStdNarrowGlyphData (LaffStd.c): code point (a number or a symbolic
     * name from SimpleTextOut.h), attributes, 19 scanline bytes.
     */
    static Map<Integer, int[]> parseLaffStd(String source) {
        def names = SIMPLE_TEXT_OUT_NAMES
        def out = new LinkedHashMap<Integer, int[]>()
        def entry = ~/\{\s*(?:\(CHAR16\))?\s*(0x[0-9a-fA-F]+|[A-Z_]+)\s*,\s*0x[0-9a-fA-F]+\s*,\s*\{([^}]*)\}/
        source.eachMatch(entry) { List<String> m ->
            int cp = m[1].startsWith('0x') ? Integer.decode(m[1]) : names[m[1]]
            def bytes = m[2].split(',')*.trim().findAll { it }.collect { Integer.decode(it) }
            if (bytes.size() != 19) {
                throw new IllegalStateException("glyph ${m[1]} has ${bytes.size()} scanlines")
            }
            if (cp != 0) {
                out[cp] = bytes as int[]
            }
        }
        out
    }

    /** The EDK2 font: the current table, plus as variants the glyphs an older table drew otherwise. */
    static BitmapFont edk2(String current, String older) {
        def now = parseLaffStd(current)
        def before = older ? parseLaffStd(older) : [:]
        def glyphs = []
        def order = now.keySet().findAll { it == 0x20 } + now.keySet().findAll { it > 0x20 && it < 0x7F } +
            now.keySet().findAll { it >= 0x7F && it != 0xA0 }
        order.each { cp -> glyphs << new Glyph(cp, Style.REGULAR, now[cp]) }
        order.each { cp ->
            if (before[cp] != null && !Arrays.equals(before[cp] as int[], now[cp])) {
                glyphs << new Glyph(cp, Style.VARIANT, before[cp] as int[])
            }
        }
        BitmapFont.of('edk2-8x19', 8, 19, glyphs)
    }

    /** The symbolic code points LaffStd.c uses, as MdePkg/Include/Protocol/SimpleTextOut.h defines them. */
    static final Map<String, Integer> SIMPLE_TEXT_OUT_NAMES = [
        BOXDRAW_HORIZONTAL: 0x2500, BOXDRAW_VERTICAL: 0x2502, BOXDRAW_DOWN_RIGHT: 0x250c,
        BOXDRAW_DOWN_LEFT: 0x2510, BOXDRAW_UP_RIGHT: 0x2514, BOXDRAW_UP_LEFT: 0x2518,
        BOXDRAW_VERTICAL_RIGHT: 0x251c, BOXDRAW_VERTICAL_LEFT: 0x2524, BOXDRAW_DOWN_HORIZONTAL: 0x252c,
        BOXDRAW_UP_HORIZONTAL: 0x2534, BOXDRAW_VERTICAL_HORIZONTAL: 0x253c, BOXDRAW_DOUBLE_HORIZONTAL: 0x2550,
        BOXDRAW_DOUBLE_VERTICAL: 0x2551, BOXDRAW_DOWN_RIGHT_DOUBLE: 0x2552, BOXDRAW_DOWN_DOUBLE_RIGHT: 0x2553,
        BOXDRAW_DOUBLE_DOWN_RIGHT: 0x2554, BOXDRAW_DOWN_LEFT_DOUBLE: 0x2555, BOXDRAW_DOWN_DOUBLE_LEFT: 0x2556,
        BOXDRAW_DOUBLE_DOWN_LEFT: 0x2557, BOXDRAW_UP_RIGHT_DOUBLE: 0x2558, BOXDRAW_UP_DOUBLE_RIGHT: 0x2559,
        BOXDRAW_DOUBLE_UP_RIGHT: 0x255a, BOXDRAW_UP_LEFT_DOUBLE: 0x255b, BOXDRAW_UP_DOUBLE_LEFT: 0x255c,
        BOXDRAW_DOUBLE_UP_LEFT: 0x255d, BOXDRAW_VERTICAL_RIGHT_DOUBLE: 0x255e, BOXDRAW_VERTICAL_DOUBLE_RIGHT: 0x255f,
        BOXDRAW_DOUBLE_VERTICAL_RIGHT: 0x2560, BOXDRAW_VERTICAL_LEFT_DOUBLE: 0x2561, BOXDRAW_VERTICAL_DOUBLE_LEFT: 0x2562,
        BOXDRAW_DOUBLE_VERTICAL_LEFT: 0x2563, BOXDRAW_DOWN_HORIZONTAL_DOUBLE: 0x2564, BOXDRAW_DOWN_DOUBLE_HORIZONTAL: 0x2565,
        BOXDRAW_DOUBLE_DOWN_HORIZONTAL: 0x2566, BOXDRAW_UP_HORIZONTAL_DOUBLE: 0x2567, BOXDRAW_UP_DOUBLE_HORIZONTAL: 0x2568,
        BOXDRAW_DOUBLE_UP_HORIZONTAL: 0x2569, BOXDRAW_VERTICAL_HORIZONTAL_DOUBLE: 0x256a,
        BOXDRAW_VERTICAL_DOUBLE_HORIZONTAL: 0x256b, BOXDRAW_DOUBLE_VERTICAL_HORIZONTAL: 0x256c,
        BLOCKELEMENT_FULL_BLOCK: 0x2588, BLOCKELEMENT_LIGHT_SHADE: 0x2591,
        GEOMETRICSHAPE_UP_TRIANGLE: 0x25b2, GEOMETRICSHAPE_RIGHT_TRIANGLE: 0x25ba,
        GEOMETRICSHAPE_DOWN_TRIANGLE: 0x25bc, GEOMETRICSHAPE_LEFT_TRIANGLE: 0x25c4,
        ARROW_LEFT: 0x2190, ARROW_UP: 0x2191, ARROW_RIGHT: 0x2192, ARROW_DOWN: 0x2193,
    ]

    static Map<String, BitmapFont> fromDebianPackages() {
        [fixed6x13(), fixed9x15(), fixed10x20(), terminus16(), terminus32()].collectEntries { [(it.name()): it] }
    }

    static void main(String[] args) {
        Path out = Path.of(args[0])
        fromDebianPackages().each { name, font -> Files.write(out.resolve(name + '.vxf'), font.encode()) }
        if (args.length > 1) {
            def font = edk2(Files.readString(Path.of(args[1])), args.length > 2 ? Files.readString(Path.of(args[2])) : null)
            Files.write(out.resolve('edk2-8x19.vxf'), font.encode())
        }
    }
}
