package io.vaxiin.vision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fonts a process reads consoles in besides the shipped ones: fonts saved as {@code .vxf}
 * files (in a {@code fonts/} folder beside the scripts) and fonts its consoles learnt while it
 * runs. A console no shipped font reads tries these before it learns anything, so a fleet of one
 * model learns its font once: what one server's console taught, the next one reads at once.
 *
 * <p>Thread-safe: a watch's consoles share one.
 */
public final class FontLibrary {

    /** The folder beside a script where its fonts are looked for. */
    public static final String FOLDER = "fonts";

    private final List<BitmapFont> files;
    /** Fonts learnt on consoles since closed that a library keeps at most (the latest). */
    static final int KEPT = 8;

    /** The latest font each open console learnt (its reader is the key). */
    private final Map<Object, BitmapFont> learnt = new IdentityHashMap<>();
    /** Fonts learnt on consoles since closed, the latest first: a watch that looks by polling opens a console per look. */
    private final java.util.LinkedList<BitmapFont> kept = new java.util.LinkedList<>();
    private List<BitmapFont> all;
    private GridTextReader reader;

    private FontLibrary(List<BitmapFont> files) {
        this.files = List.copyOf(files);
        this.all = this.files;
    }

    /** A library of no fonts but those its consoles learn. */
    public static FontLibrary empty() {
        return new FontLibrary(List.of());
    }

    /** A library of {@code fonts} and of what its consoles learn. */
    public static FontLibrary of(List<BitmapFont> fonts) {
        return new FontLibrary(fonts);
    }

    /**
     * The {@code .vxf} fonts in each of {@code folders} that exists (in name order; a font is
     * named by its file, {@code fonts/aspeed-ast2600.vxf} is "aspeed-ast2600").
     *
     * @throws IOException naming the file, when one is not a font Vaxiin can read
     */
    public static FontLibrary load(List<Path> folders) throws IOException {
        List<BitmapFont> fonts = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*.vxf")) {
                dir.forEach(found::add);
            }
            found.sort(null);
            for (Path file : found) {
                fonts.add(read(file));
            }
        }
        return new FontLibrary(fonts);
    }

    /** Reads one {@code .vxf} font file. */
    public static BitmapFont read(Path file) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.vxf$", "");
        try (InputStream in = Files.newInputStream(file)) {
            BitmapFont font = BitmapFont.decode(name, in);
            if (font.width() < 4 || font.width() > 32 || font.height() < 6 || font.height() > 64 || font.glyphs().isEmpty()) {
                throw new IOException("a font of " + font.glyphs().size() + " glyphs of " + font.width() + "x" + font.height()
                    + " pixels, not a console font");
            }
            return font;
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": not a Vaxiin font file (it ends too soon)", e);
        } catch (IOException e) {
            throw new IOException(file + ": not a Vaxiin font file (" + e.getMessage() + ")", e);
        }
    }

    /** Writes {@code font} as a {@code .vxf} file, which {@link #load} reads back. */
    public static void write(BitmapFont font, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, font.encode());
    }

    /** The fonts loaded from files, then those learnt so far. */
    public synchronized List<BitmapFont> fonts() {
        return all;
    }

    /** The fonts loaded from files. */
    public List<BitmapFont> files() {
        return files;
    }

    /** Keeps {@code font} as what {@code console} has learnt so far (replacing what it learnt before). */
    synchronized void learnt(Object console, BitmapFont font) {
        if (learnt.get(console) == font) {
            return;
        }
        learnt.put(console, font);
        changed();
    }

    /** {@code console} closed: the font it learnt is kept among the {@link #KEPT} latest of closed consoles. */
    synchronized void closed(Object console) {
        BitmapFont font = learnt.remove(console);
        if (font != null) {
            kept.removeIf(k -> k == font);
            kept.addFirst(font);
            while (kept.size() > KEPT) {
                kept.removeLast();
            }
            changed();
        }
    }

    private void changed() {
        List<BitmapFont> fonts = new ArrayList<>(files);
        for (BitmapFont f : learnt.values()) {
            if (!fonts.contains(f)) {
                fonts.add(f);
            }
        }
        for (BitmapFont f : kept) {
            if (!fonts.contains(f)) {
                fonts.add(f);
            }
        }
        all = List.copyOf(fonts);
        reader = null;
    }

    /** A grid reader of {@link #fonts()} as they are now, or null when there are none. */
    synchronized GridTextReader reader() {
        if (reader == null && !all.isEmpty()) {
            reader = new GridTextReader(all);
        }
        return reader;
    }
}
