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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The Linux console's built-in fonts, which fbcon draws with, read at run time from files beside
 * Vaxiin or on the machine (PSF 1 and 2, as the kernel's tables are shipped and as kbd and
 * console-setup install theirs). None is built into the jar: the kernel's fonts are GPL-2 data, so
 * Vaxiin ships them as separate files, {@code lib/fonts/linux-vga8x16.psf} (VGA8x16, the default)
 * and {@code lib/fonts/linux-ter16x32.psf} (TER16x32, {@code fbcon=font:TER16x32}), see the
 * README there, and only reads them. Without the 8×16 file, console-setup's {@code Uni2-VGA16} is
 * the next best: it carries some of the kernel's 42 own glyph designs, not all (see FONTS.md).
 * Without the 16×32 file, the shipped Terminus 16×32 reads all of TER16x32 but its 5 own designs.
 */
public final class ConsoleFonts {

    /** The kernel's VGA8x16 font as Vaxiin ships it, relative to Vaxiin's installation folder. */
    public static final Path SHIPPED = Path.of("lib", "fonts", "linux-vga8x16.psf");

    /** The kernel's TER16x32 font as Vaxiin ships it, relative to Vaxiin's installation folder. */
    public static final Path SHIPPED_TER16X32 = Path.of("lib", "fonts", "linux-ter16x32.psf");

    /** Console fonts installed on the machine, looked for after the shipped one: console-setup's, then kbd's. */
    public static final List<Path> LINUX_VGA_8X16 = List.of(
        Path.of("/usr/share/consolefonts/Uni2-VGA16.psf.gz"),
        Path.of("/usr/share/consolefonts/default8x16.psfu.gz"));

    private ConsoleFonts() {
    }

    /**
     * Where fonts are looked for, in order: {@link #SHIPPED} under Vaxiin's installation folder
     * (system property {@code vaxiin.home}, which the launchers set; the working folder when it is
     * not set, as in a build of the project), then {@link #LINUX_VGA_8X16}.
     */
    public static List<Path> candidates() {
        List<Path> paths = new ArrayList<>();
        paths.add(home().resolve(SHIPPED));
        paths.addAll(LINUX_VGA_8X16);
        return paths;
    }

    private static Path home() {
        return Path.of(System.getProperty("vaxiin.home", "."));
    }

    /**
     * The kernel's fonts that read: the first of {@link #candidates()} that reads as a font, as
     * "linux-8x16" (completed by the VGA ROM's glyphs, see {@link #completedByVga}), then
     * {@link #SHIPPED_TER16X32} under Vaxiin's installation folder as "linux-16x32" (completed by
     * the shipped Terminus 16×32, see {@link #completedByTerminus}); each only if it reads, so
     * possibly none. Read once.
     */
    public static List<BitmapFont> linux() {
        return Found.FONTS;
    }

    private static final class Found {
        static final List<BitmapFont> FONTS = found();

        private static List<BitmapFont> found() {
            List<BitmapFont> fonts = new ArrayList<>(firstReadable(candidates()));
            fonts.addAll(ter16x32(home().resolve(SHIPPED_TER16X32)));
            return List.copyOf(fonts);
        }
    }

    /**
     * The kernel's TER16x32 in {@code file}, as "linux-16x32" completed by the shipped Terminus
     * 16×32 ({@link #completedByTerminus}); empty when the file is missing, unreadable or no
     * 16×32 font of 256 glyphs: fbcon screens in that font then read with Terminus alone.
     */
    static List<BitmapFont> ter16x32(Path file) {
        if (Files.isRegularFile(file)) {
            try {
                BitmapFont font = read("linux-16x32", file);
                if (font.width() == 16 && font.height() == 32 && font.glyphs().size() >= 250) {
                    return List.of(completedByTerminus(font));
                }
            } catch (IOException | RuntimeException e) {
                // not a font we can read: Terminus alone reads most of it
            }
        }
        return List.of();
    }

    /**
     * The shipped Terminus 16×32 ({@code terminus-16x32}, xfonts-terminus's regular and bold
     * faces) with this font's glyphs as variants where no bitmap of that character equals them.
     * The kernel's TER16x32 is Terminus's bold face in code page 437 order, but for 5 designs
     * of its own ({@code ` ~ ß φ ε}: the grave and the tilde drawn higher, a German sharp s with a
     * descender, a closed phi and a round epsilon) and 15 glyphs drawn as the regular face
     * (shades, blocks, {@code * < > « » ≤ ≥}), which Terminus has too. Where a Terminus bitmap is
     * the kernel's glyph of another character, the kernel's reading wins and that bitmap is left
     * out: fbcon draws nothing but the kernel's glyphs (Terminus's regular {@code •} is the bold
     * {@code ∙} the kernel draws). Other fonts are returned as they are.
     */
    static BitmapFont completedByTerminus(BitmapFont font) {
        if (font.width() != 16 || font.height() != 32) {
            return font;
        }
        Map<List<Integer>, Integer> kernel = new HashMap<>();
        for (BitmapFont.Glyph g : font.glyphs()) {
            kernel.putIfAbsent(rowList(g), g.codePoint());
        }
        BitmapFont terminus = BitmapFont.named("terminus-16x32");
        List<BitmapFont.Glyph> glyphs = new ArrayList<>();
        Set<List<Integer>> known = new HashSet<>();
        for (BitmapFont.Glyph t : terminus.glyphs()) {
            Integer drawn = kernel.get(rowList(t));
            if (drawn == null || drawn == t.codePoint()) {
                glyphs.add(t);
                if (drawn != null) {
                    known.add(rowList(t));
                }
            }
        }
        for (BitmapFont.Glyph g : font.glyphs()) {
            if (known.add(rowList(g))) {
                glyphs.add(new BitmapFont.Glyph(g.codePoint(), BitmapFont.Style.VARIANT, g.rows()));
            }
        }
        return BitmapFont.of(font.name(), 16, 32, glyphs);
    }

    private static List<Integer> rowList(BitmapFont.Glyph g) {
        return java.util.Arrays.stream(g.rows()).boxed().toList();
    }

    /**
     * The first of {@code paths} that is a readable font, as "linux-8x16"; empty when none is.
     * A missing, truncated or corrupt file only means the next one is tried: fbcon screens then
     * read with a font that lacks some designs, or go to OCR.
     */
    static List<BitmapFont> firstReadable(List<Path> paths) {
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                try {
                    return List.of(completedByVga(read("linux-8x16", p)));
                } catch (IOException | RuntimeException e) {
                    // not a font we can read: try the next
                }
            }
        }
        return List.of();
    }

    /**
     * The VGA ROM's font with this font's glyphs as variants where they differ: the kernel's
     * font is a CP437 font that differs from the VGA ROM's in 42 glyph designs (0, M, T, V-Z,
     * m, v-x, ...), which the Linux console fonts installed share in part; other glyphs of those
     * (console-setup draws its double-line box drawing otherwise) are the ROM's in the kernel.
     * No differing kernel glyph equals the ROM's glyph of another character, so the ROM's
     * glyphs, which come first among equal bitmaps, never shadow a kernel design (KernelFontSpec).
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
        if (raw.length < 32) {
            throw new IOException(name + " is too short for a PSF font (" + raw.length + " bytes)");
        }
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
        if (width < 1 || width > 32 || height < 1 || height > 64 || count < 1 || count > 65536 || start < 4
                || bytesPerGlyph < height * ((width + 7) / 8) || start + (long) count * bytesPerGlyph > raw.length) {
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
            // 0x00 and 0xFF are no characters (they read as blanks): the space is 0x20's glyph,
            // not whatever a font draws there (Terminus draws a box at 0x00)
            for (int g = 0; g < Math.min(256, count); g++) {
                if (g != 0x00 && g != 0xFF) {
                    codes.get(g).add((int) Cp437.toUnicode(g));
                }
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
