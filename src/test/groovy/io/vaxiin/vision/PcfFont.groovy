package io.vaxiin.vision

import groovy.transform.CompileStatic

import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.GZIPInputStream

/**
 * Reads an X11 PCF bitmap font (as xfonts-base and xfonts-terminus install them, gzipped) into
 * cell-sized glyph rows, for re-deriving the shipped font tables. Written from the PCF layout
 * (table of contents; metrics, bitmaps, encodings and accelerator tables); only what a
 * fixed-width terminal font needs.
 */
@CompileStatic
class PcfFont {

    static final int PROPERTIES = 1
    static final int ACCELERATORS = 1 << 1
    static final int METRICS = 1 << 2
    static final int BITMAPS = 1 << 3
    static final int BDF_ENCODINGS = 1 << 5
    static final int BDF_ACCELERATORS = 1 << 8

    int cellWidth
    int cellHeight
    int ascent
    /** The font's CHARSET_REGISTRY property ("ISO10646", "ISO8859", or a registry of its own such as x3270's "3270cg"), or null. */
    String registry
    /** code point -> rows of the cell (bit cellWidth-1-x = pixel x) */
    Map<Integer, int[]> glyphs = new LinkedHashMap<>()

    static PcfFont read(Path file) {
        byte[] raw = Files.readAllBytes(file)
        if (file.toString().endsWith('.gz')) {
            raw = new GZIPInputStream(new ByteArrayInputStream(raw)).bytes
        }
        parse(raw)
    }

    static PcfFont parse(byte[] raw) {
        ByteBuffer all = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN)
        if (all.getInt(0) != 0x70636601) { // "\1fcp"
            throw new IllegalArgumentException('not a PCF font')
        }
        int count = all.getInt(4)
        Map<Integer, int[]> toc = [:]
        for (int i = 0; i < count; i++) {
            int at = 8 + i * 16
            toc[all.getInt(at)] = [all.getInt(at + 4), all.getInt(at + 8), all.getInt(at + 12)] as int[]
        }
        def font = new PcfFont()
        if (toc[PROPERTIES]) {
            font.registry = properties(raw, toc[PROPERTIES][2])['CHARSET_REGISTRY']
        }

        // accelerators: the font's ascent and descent give the cell height
        int[] acc = toc[BDF_ACCELERATORS] ?: toc[ACCELERATORS]
        ByteBuffer a = table(raw, acc[2])
        font.ascent = a.getInt(a.position() + 8)
        int descent = a.getInt(a.position() + 12)
        font.cellHeight = font.ascent + descent

        // metrics
        ByteBuffer m = table(raw, toc[METRICS][2])
        int mformat = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getInt(toc[METRICS][2])
        boolean compressed = (mformat & 0xFFFFFF00) == 0x100
        int glyphCount = compressed ? (m.getShort() & 0xFFFF) : m.getInt()
        int[][] metrics = new int[glyphCount][]
        for (int i = 0; i < glyphCount; i++) {
            if (compressed) {
                metrics[i] = (0..<5).collect { (m.get() & 0xFF) - 0x80 } as int[]
            } else {
                metrics[i] = (0..<5).collect { (int) m.getShort() } as int[]
                m.getShort()
            }
        }
        font.cellWidth = metrics.collect { it[2] }.max() as int

        // bitmaps
        int bformat = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getInt(toc[BITMAPS][2])
        ByteBuffer b = table(raw, toc[BITMAPS][2])
        int n = b.getInt()
        int[] offsets = new int[n]
        for (int i = 0; i < n; i++) {
            offsets[i] = b.getInt()
        }
        int[] sizes = new int[4]
        for (int i = 0; i < 4; i++) {
            sizes[i] = b.getInt()
        }
        int pad = 1 << (bformat & 3)
        int unit = 1 << ((bformat >> 4) & 3)
        boolean msbBit = (bformat & 8) != 0
        boolean msbByte = (bformat & 4) != 0
        int dataStart = b.position()
        byte[] data = Arrays.copyOfRange(raw, dataStart, dataStart + sizes[bformat & 3])
        if (!msbBit) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (Integer.reverse(data[i] & 0xFF) >>> 24)
            }
        }
        if (msbBit != msbByte && unit > 1) {
            for (int i = 0; i + unit <= data.length; i += unit) {
                for (int j = 0; j < unit.intdiv(2); j++) {
                    byte t = data[i + j]; data[i + j] = data[i + unit - 1 - j]; data[i + unit - 1 - j] = t
                }
            }
        }

        // encodings
        ByteBuffer e = table(raw, toc[BDF_ENCODINGS][2])
        int min2 = e.getShort(), max2 = e.getShort(), min1 = e.getShort(), max1 = e.getShort()
        e.getShort() // default char
        for (int b1 = min1; b1 <= max1; b1++) {
            for (int b2 = min2; b2 <= max2; b2++) {
                int index = e.getShort() & 0xFFFF
                if (index == 0xFFFF) {
                    continue
                }
                int[] mt = metrics[index]
                int lsb = mt[0], rsb = mt[1], asc = mt[3], desc = mt[4]
                int w = rsb - lsb
                int rowBytes = (((w + 7).intdiv(8) + pad - 1).intdiv(pad)) * pad
                int[] rows = new int[font.cellHeight]
                for (int y = 0; y < asc + desc; y++) {
                    int cy = font.ascent - asc + y
                    for (int x = 0; x < w; x++) {
                        int bit = data[offsets[index] + y * rowBytes + x.intdiv(8)] >> (7 - x % 8) & 1
                        int cx = lsb + x
                        if (bit && cy >= 0 && cy < font.cellHeight && cx >= 0 && cx < font.cellWidth) {
                            rows[cy] |= 1 << (font.cellWidth - 1 - cx)
                        }
                    }
                }
                font.glyphs[b1 * 256 + b2] = rows
            }
        }
        font
    }

    /** The table at {@code offset}, positioned after its format word, in its own byte order. */
    /** The string properties of the font (FONT, CHARSET_REGISTRY, ...). */
    private static Map<String, String> properties(byte[] raw, int offset) {
        ByteBuffer p = table(raw, offset)
        int n = p.getInt()
        int[][] props = new int[n][]
        for (int i = 0; i < n; i++) {
            int name = p.getInt()
            int isString = p.get() & 0xFF
            props[i] = [name, isString, p.getInt()] as int[]
        }
        p.position(p.position() + ((n & 3) == 0 ? 0 : 4 - (n & 3)))
        p.getInt() // size of the strings
        int strings = p.position()
        Closure<String> at = { int o ->
            int end = strings + o
            while (raw[end] != 0) end++
            new String(raw, strings + o, end - strings - o, 'ISO-8859-1')
        }
        Map<String, String> out = [:]
        for (int[] prop : props) {
            if (prop[1] != 0) out[at(prop[0])] = at(prop[2])
        }
        out
    }

    private static ByteBuffer table(byte[] raw, int offset) {
        int format = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getInt(offset)
        ByteBuffer t = ByteBuffer.wrap(raw).order((format & 4) != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
        t.position(offset + 4)
        t
    }
}
