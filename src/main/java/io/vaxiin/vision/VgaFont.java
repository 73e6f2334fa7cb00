package io.vaxiin.vision;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * An 8-pixel-wide bitmap font of 256 glyphs in code page 437 order, one byte per scanline (most
 * significant bit leftmost). {@link #vga()} is the VGA BIOS 8×16 font (see FONTS.md beside it).
 */
public final class VgaFont {

    /** Where the shipped VGA 8×16 table lives on the class path. */
    public static final String VGA_8X16_RESOURCE = "/io/vaxiin/vision/vga-8x16.bin";

    private final byte[] table;
    private final int height;

    private VgaFont(byte[] table, int height) {
        this.table = table;
        this.height = height;
    }

    /** The VGA BIOS 8×16 font shipped with Vaxiin. */
    public static VgaFont vga() {
        return Vga.FONT;
    }

    /** A font from a raw table of 256 glyphs of {@code height} bytes each. */
    public static VgaFont of(byte[] table, int height) {
        if (height < 1 || table.length != 256 * height) {
            throw new IllegalArgumentException(
                "a table of 256 glyphs of " + height + " scanlines has " + 256 * height
                    + " bytes, not " + table.length);
        }
        return new VgaFont(table.clone(), height);
    }

    /** Glyph width in pixels (always 8). */
    public int width() {
        return 8;
    }

    /** Glyph height in pixels (scanlines). */
    public int height() {
        return height;
    }

    /** Scanline {@code y} of glyph {@code code}: 8 bits, bit 7 is the leftmost pixel. */
    public int row(int code, int y) {
        return table[(code & 0xFF) * height + y] & 0xFF;
    }

    /** A copy of glyph {@code code}'s scanlines. */
    public byte[] glyph(int code) {
        int from = (code & 0xFF) * height;
        return Arrays.copyOfRange(table, from, from + height);
    }

    /** A copy of the whole table. */
    public byte[] table() {
        return table.clone();
    }

    private static final class Vga {
        static final VgaFont FONT = load();

        private static VgaFont load() {
            try (InputStream in = VgaFont.class.getResourceAsStream(VGA_8X16_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(VGA_8X16_RESOURCE + " is missing from the class path");
                }
                return new VgaFont(in.readAllBytes(), 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + VGA_8X16_RESOURCE, e);
            }
        }
    }

    @Override
    public String toString() {
        return "VgaFont 8x" + height;
    }
}
