package io.vaxiin.vision;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A fixed-cell bitmap font: cells of {@link #width()} × {@link #height()} pixels and glyph
 * bitmaps keyed by Unicode code point. A code point may have more than one bitmap (a bold face
 * the terminal switches to, an older revision of the same font, VGA's two ways of drawing the
 * ninth column): every bitmap of a code point reads as that character.
 *
 * <p>A glyph's scanline is an int whose bit {@code width - 1 - x} is pixel x (leftmost highest).
 * The shipped fonts are in resources beside this class (see FONTS.md there), in a small binary
 * format: {@code "VXF1"}, width and height as bytes, the glyph count as a big-endian short, then
 * per glyph its code point (big-endian int), its {@link Style} (byte) and {@code height} scanlines
 * of {@code ceil(width / 8)} bytes each, most significant bit leftmost.
 *
 * <p>Immutable.
 */
public final class BitmapFont {

    /** What a bitmap is of its code point. */
    public enum Style {
        /** The font's regular face. */
        REGULAR,
        /** The bold face a terminal draws with the same cell size. */
        BOLD,
        /** Another bitmap of the same character (an older revision, a hardware variant). */
        VARIANT
    }

    /**
     * One bitmap.
     *
     * @param codePoint the Unicode character it draws
     * @param style     what the bitmap is of that character
     * @param rows      one int per scanline, bit {@code width - 1 - x} is pixel x
     */
    public record Glyph(int codePoint, Style style, int[] rows) {

        public Glyph {
            rows = rows.clone();
        }

        @Override
        public int[] rows() {
            return rows.clone();
        }

        int row(int y) {
            return rows[y];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Glyph g && g.codePoint == codePoint && g.style == style && Arrays.equals(g.rows, rows);
        }

        @Override
        public int hashCode() {
            return Objects.hash(codePoint, style, Arrays.hashCode(rows));
        }

        @Override
        public String toString() {
            return String.format("U+%04X %s", codePoint, style);
        }
    }

    private static final byte[] MAGIC = {'V', 'X', 'F', '1'};

    private final String name;
    private final int width;
    private final int height;
    private final List<Glyph> glyphs;

    private BitmapFont(String name, int width, int height, List<Glyph> glyphs) {
        if (width < 1 || width > 32 || height < 1 || height > 64) {
            throw new IllegalArgumentException("a font of " + width + "x" + height + " cells");
        }
        int full = width == 32 ? -1 : (1 << width) - 1;
        for (Glyph g : glyphs) {
            if (g.rows.length != height) {
                throw new IllegalArgumentException(g + " has " + g.rows.length + " scanlines, not " + height);
            }
            for (int row : g.rows) {
                if ((row & ~full) != 0) {
                    throw new IllegalArgumentException(g + " is wider than " + width + " pixels");
                }
            }
        }
        this.name = name;
        this.width = width;
        this.height = height;
        this.glyphs = List.copyOf(glyphs);
    }

    /** A font made of {@code glyphs}, all {@code width × height}. */
    public static BitmapFont of(String name, int width, int height, List<Glyph> glyphs) {
        return new BitmapFont(name, width, height, glyphs);
    }

    /** Short name, e.g. "vga-9x16", "edk2-8x19", "terminus-16x32". */
    public String name() {
        return name;
    }

    /** Cell width in pixels. */
    public int width() {
        return width;
    }

    /** Cell height in pixels. */
    public int height() {
        return height;
    }

    /** Every bitmap, regular faces first in the order the font was made. */
    public List<Glyph> glyphs() {
        return glyphs;
    }

    /** The first bitmap of {@code codePoint} (its regular face when there is one), or null. */
    public Glyph glyph(int codePoint) {
        for (Glyph g : glyphs) {
            if (g.codePoint == codePoint) {
                return g;
            }
        }
        return null;
    }

    /** True when the font draws {@code codePoint}. */
    public boolean has(int codePoint) {
        return glyph(codePoint) != null;
    }

    /** Whether pixel (x, y) of the bitmap is ink. */
    public boolean ink(Glyph glyph, int x, int y) {
        return (glyph.rows[y] >>> (width - 1 - x) & 1) != 0;
    }

    /** This font as the resource format described in the class comment. */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(width);
            out.writeByte(height);
            out.writeShort(glyphs.size());
            int rowBytes = (width + 7) / 8;
            for (Glyph g : glyphs) {
                out.writeInt(g.codePoint);
                out.writeByte(g.style.ordinal());
                for (int row : g.rows) {
                    int left = row << (rowBytes * 8 - width); // MSB-aligned
                    for (int b = rowBytes - 1; b >= 0; b--) {
                        out.writeByte(left >>> (b * 8) & 0xFF);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a font in the resource format. */
    public static BitmapFont decode(String name, InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[4];
        data.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(name + " is not a Vaxiin bitmap font");
        }
        int width = data.readUnsignedByte();
        int height = data.readUnsignedByte();
        int count = data.readUnsignedShort();
        int rowBytes = (width + 7) / 8;
        Style[] styles = Style.values();
        List<Glyph> glyphs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int cp = data.readInt();
            int style = data.readUnsignedByte();
            if (style >= styles.length) {
                throw new IOException(name + ": glyph " + i + " has style " + style);
            }
            int[] rows = new int[height];
            for (int y = 0; y < height; y++) {
                int v = 0;
                for (int b = 0; b < rowBytes; b++) {
                    v = v << 8 | data.readUnsignedByte();
                }
                rows[y] = v >>> (rowBytes * 8 - width);
            }
            glyphs.add(new Glyph(cp, styles[style], rows));
        }
        if (data.read() != -1) {
            throw new IOException(name + " has bytes after its last glyph");
        }
        return new BitmapFont(name, width, height, glyphs);
    }

    /** Loads a shipped font resource, e.g. {@code edk2-8x19.vxf}, from beside this class. */
    static BitmapFont resource(String file) {
        try (InputStream in = BitmapFont.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is missing from the class path");
            }
            return decode(file.replaceFirst("\\.vxf$", ""), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The VGA BIOS 8×16 font as Unicode, in cells {@code cellWidth} (8, or 9 for VGA text mode)
     * wide. In nine-dot cells the line-drawing codes 0xC0-0xDF repeat their eighth column, and
     * 0xB0-0xBF may be drawn either way (QEMU repeats it, real VGA does not): both bitmaps are
     * kept. Codes 0x00 and 0xFF draw nothing and are not listed (a blank cell is a space).
     */
    public static BitmapFont fromVga(VgaFont vga, int cellWidth) {
        if (cellWidth != 8 && cellWidth != 9) {
            throw new IllegalArgumentException("VGA cells are 8 or 9 pixels wide, not " + cellWidth);
        }
        List<Glyph> regular = new ArrayList<>();
        List<Glyph> variants = new ArrayList<>();
        int[] order = new int[254];
        int n = 0;
        order[n++] = 0x20;
        for (int code = 0x21; code < 0x7F; code++) {
            order[n++] = code;
        }
        for (int code = 1; code < 0xFF; code++) {
            if (code < 0x20 || code >= 0x7F) {
                order[n++] = code;
            }
        }
        for (int code : order) {
            int[] rows = new int[vga.height()];
            int[] repeated = new int[vga.height()];
            for (int y = 0; y < rows.length; y++) {
                int bits = vga.row(code, y);
                rows[y] = cellWidth == 9 ? bits << 1 : bits;
                repeated[y] = bits << 1 | (bits & 1);
            }
            int cp = Cp437.toUnicode(code);
            if (cellWidth == 9 && code >= 0xC0 && code <= 0xDF) {
                regular.add(new Glyph(cp, Style.REGULAR, repeated));
            } else {
                regular.add(new Glyph(cp, Style.REGULAR, rows));
                if (cellWidth == 9 && code >= 0xB0 && code <= 0xBF && !Arrays.equals(rows, repeated)) {
                    variants.add(new Glyph(cp, Style.VARIANT, repeated));
                }
            }
        }
        regular.addAll(variants);
        return new BitmapFont("vga-" + cellWidth + "x" + vga.height(), cellWidth, vga.height(), regular);
    }

    /**
     * The characters kept from large fonts, in order of preference between characters whose
     * bitmaps are the same: space and ASCII, then code page 437's characters, Latin-1, general
     * punctuation, arrows, box drawing, blocks, a few geometric shapes and check marks.
     */
    public static List<Integer> consoleRepertoire() {
        return Repertoire.LIST;
    }

    private static final class Repertoire {
        static final List<Integer> LIST = build();

        private static List<Integer> build() {
            java.util.LinkedHashSet<Integer> set = new java.util.LinkedHashSet<>();
            for (int c = 0x20; c < 0x7F; c++) {
                set.add(c);
            }
            for (int code = 1; code < 0xFF; code++) {
                set.add((int) Cp437.toUnicode(code));
            }
            java.util.TreeSet<Integer> rest = new java.util.TreeSet<>();
            for (int c = 0xA1; c <= 0xFF; c++) {
                rest.add(c);
            }
            addRange(rest, 0x2010, 0x2027);
            addRange(rest, 0x2190, 0x2199);
            addRange(rest, 0x2500, 0x259F);
            for (int c : new int[] {0x25A0, 0x25A1, 0x25AA, 0x25AB, 0x25AC, 0x25B2, 0x25BA, 0x25BC, 0x25C4,
                0x25C6, 0x25CB, 0x25CF, 0x25D8, 0x25D9, 0x2713, 0x2714, 0x2717, 0x2718}) {
                rest.add(c);
            }
            set.addAll(rest);
            set.remove(0xA0);
            return List.copyOf(set);
        }

        private static void addRange(java.util.Set<Integer> set, int from, int to) {
            for (int c = from; c <= to; c++) {
                set.add(c);
            }
        }
    }

    /**
     * How much a character is preferred when bitmaps are alike (lower first): its place in
     * {@link #consoleRepertoire()}, characters outside it last.
     */
    static int preference(int codePoint) {
        Integer rank = Ranks.RANK.get(codePoint);
        return rank == null ? Integer.MAX_VALUE : rank;
    }

    private static final class Ranks {
        static final java.util.Map<Integer, Integer> RANK = build();

        private static java.util.Map<Integer, Integer> build() {
            java.util.Map<Integer, Integer> map = new java.util.HashMap<>();
            List<Integer> list = consoleRepertoire();
            for (int i = 0; i < list.size(); i++) {
                map.put(list.get(i), i);
            }
            return map;
        }
    }

    /** The fonts shipped with Vaxiin (see FONTS.md), VGA text mode first. */
    public static List<BitmapFont> builtIn() {
        return BuiltIn.ALL;
    }

    /** A shipped font by {@link #name()}. */
    public static BitmapFont named(String name) {
        for (BitmapFont f : builtIn()) {
            if (f.name.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no shipped font named " + name);
    }

    /** Resource file names of the shipped fonts other than VGA, beside this class. */
    public static final List<String> RESOURCES = List.of(
        "edk2-8x19.vxf", "terminus-8x16.vxf", "terminus-16x32.vxf",
        "fixed-6x13.vxf", "fixed-9x15.vxf", "fixed-10x20.vxf");

    private static final class BuiltIn {
        static final List<BitmapFont> ALL = load();

        private static List<BitmapFont> load() {
            List<BitmapFont> all = new ArrayList<>();
            all.add(fromVga(VgaFont.vga(), 9));
            all.add(fromVga(VgaFont.vga(), 8));
            for (String file : RESOURCES) {
                all.add(resource(file));
            }
            return Collections.unmodifiableList(all);
        }
    }

    @Override
    public String toString() {
        return "BitmapFont " + name + " (" + width + "x" + height + ", " + glyphs.size() + " bitmaps)";
    }
}
