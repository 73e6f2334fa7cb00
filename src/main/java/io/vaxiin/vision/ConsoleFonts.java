package io.vaxiin.vision;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Linux console fonts (PSF 1 and 2, as kbd and console-setup install them) read at run time from
 * the machine Vaxiin runs on. They are not shipped: the Linux kernel's built-in VGA 8×16 font,
 * which fbcon draws with, is GPL-2 data, and console-setup's {@code Uni2-VGA16} carries the same
 * glyph designs (see FONTS.md). When such a file is present, fbcon screens read exactly.
 */
public final class ConsoleFonts {

    /** Console fonts looked for, in order: console-setup's, then kbd's. */
    public static final List<Path> LINUX_VGA_8X16 = List.of(
        Path.of("/usr/share/consolefonts/Uni2-VGA16.psf.gz"),
        Path.of("/usr/share/consolefonts/default8x16.psfu.gz"));

    private ConsoleFonts() {
    }

    /**
     * The first of {@link #LINUX_VGA_8X16} present, as "linux-8x16" (completed by the VGA ROM's
     * glyphs, see {@link #completedByVga}); empty when none is. Read once.
     */
    public static List<BitmapFont> system() {
        return Found.FONTS;
    }

    private static final class Found {
        static final List<BitmapFont> FONTS = find();
    }

    private static List<BitmapFont> find() {
        for (Path p : LINUX_VGA_8X16) {
            if (Files.isRegularFile(p)) {
                try {
                    return List.of(completedByVga(read("linux-8x16", p)));
                } catch (IOException | RuntimeException e) {
                    return List.of(); // an unreadable font file only means fbcon goes to OCR
                }
            }
        }
        return List.of();
    }

    /**
     * The VGA ROM's font with this font's glyphs as variants where they differ: the kernel's
     * font is a CP437 font that differs from the VGA ROM's in a few dozen glyph designs (0, M,
     * T, V-Z, m, v-x, ...), which the Linux console fonts installed share; other glyphs of those
     * (console-setup draws its double-line box drawing otherwise) are the ROM's in the kernel.
     */
    static BitmapFont completedByVga(BitmapFont font) {
        if (font.width() != 8 || font.height() != 16) {
            return font;
        }
        BitmapFont vga = BitmapFont.fromVga(VgaFont.vga(), 8);
        List<BitmapFont.Glyph> glyphs = new ArrayList<>(vga.glyphs());
        for (BitmapFont.Glyph g : font.glyphs()) {
            BitmapFont.Glyph rom = vga.glyph(g.codePoint());
            if (rom == null || !java.util.Arrays.equals(rom.rows(), g.rows())) {
                glyphs.add(new BitmapFont.Glyph(g.codePoint(), BitmapFont.Style.VARIANT, g.rows()));
            }
        }
        return BitmapFont.of(font.name(), 8, 16, glyphs);
    }

    /** Reads a PSF font (gzipped or not), keeping the characters of {@link BitmapFont#consoleRepertoire()}. */
    public static BitmapFont read(String name, Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        if (raw.length > 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                raw = in.readAllBytes();
            }
        }
        return parse(name, raw);
    }

    static BitmapFont parse(String name, byte[] raw) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int count;
        int height;
        int width;
        int bytesPerGlyph;
        int start;
        boolean unicode;
        boolean psf2;
        if ((raw[0] & 0xFF) == 0x36 && (raw[1] & 0xFF) == 0x04) {
            int mode = raw[2] & 0xFF;
            height = raw[3] & 0xFF;
            width = 8;
            count = (mode & 1) != 0 ? 512 : 256;
            bytesPerGlyph = height;
            start = 4;
            unicode = (mode & 6) != 0;
            psf2 = false;
        } else if (b.getInt(0) == 0x864AB572) {
            start = b.getInt(8);
            unicode = (b.getInt(12) & 1) != 0;
            count = b.getInt(16);
            bytesPerGlyph = b.getInt(20);
            height = b.getInt(24);
            width = b.getInt(28);
            psf2 = true;
        } else {
            throw new IOException(name + " is not a PSF font");
        }
        if (width > 32 || height > 64 || start + (long) count * bytesPerGlyph > raw.length) {
            throw new IOException(name + ": a PSF font of " + count + " glyphs of " + width + "x" + height);
        }
        int rowBytes = (width + 7) / 8;
        int[][] rows = new int[count][height];
        for (int g = 0; g < count; g++) {
            for (int y = 0; y < height; y++) {
                int v = 0;
                for (int k = 0; k < rowBytes; k++) {
                    v = v << 8 | raw[start + g * bytesPerGlyph + y * rowBytes + k] & 0xFF;
                }
                rows[g][y] = v >>> (rowBytes * 8 - width);
            }
        }
        List<Set<Integer>> codes = new ArrayList<>();
        for (int g = 0; g < count; g++) {
            codes.add(new LinkedHashSet<>());
        }
        if (unicode) {
            int i = start + count * bytesPerGlyph;
            int g = 0;
            while (g < count && i < raw.length) {
                if (psf2) {
                    int c = raw[i] & 0xFF;
                    if (c == 0xFF) {
                        g++;
                        i++;
                    } else if (c == 0xFE) {
                        i++; // sequences follow: not single characters
                        while (i < raw.length && (raw[i] & 0xFF) != 0xFF) {
                            i++;
                        }
                    } else {
                        int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
                        String s = new String(raw, i, Math.min(len, raw.length - i), StandardCharsets.UTF_8);
                        codes.get(g).add(s.codePointAt(0));
                        i += len;
                    }
                } else {
                    int u = b.getShort(i) & 0xFFFF;
                    i += 2;
                    if (u == 0xFFFF) {
                        g++;
                    } else if (u == 0xFFFE) {
                        while (i + 1 < raw.length && (b.getShort(i) & 0xFFFF) != 0xFFFF) {
                            i += 2;
                        }
                    } else {
                        codes.get(g).add(u);
                    }
                }
            }
        } else {
            for (int g = 0; g < Math.min(256, count); g++) {
                codes.get(g).add((int) Cp437.toUnicode(g));
            }
        }
        // a glyph stands for the first character its table lists; the others it is only a
        // stand-in for (console-setup's Uni2 draws ╔ with the ┌ glyph)
        Set<Integer> wanted = new LinkedHashSet<>(BitmapFont.consoleRepertoire());
        List<BitmapFont.Glyph> glyphs = new ArrayList<>();
        Set<Integer> taken = new LinkedHashSet<>();
        for (int g = 0; g < count; g++) {
            if (!codes.get(g).isEmpty()) {
                int cp = codes.get(g).iterator().next();
                if (wanted.contains(cp) && taken.add(cp)) {
                    glyphs.add(new BitmapFont.Glyph(cp, BitmapFont.Style.REGULAR, rows[g]));
                }
            }
        }
        return BitmapFont.of(name, width, height, glyphs);
    }
}
