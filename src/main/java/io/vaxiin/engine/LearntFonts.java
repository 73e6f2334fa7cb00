package io.vaxiin.engine;

import io.vaxiin.dsl.RunLog;
import io.vaxiin.vision.BitmapFont;
import io.vaxiin.vision.ConsoleReader;
import io.vaxiin.vision.FontLibrary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The fonts a run reads consoles in besides the shipped ones: {@code fonts/*.vxf} beside its
 * scripts; and, after it, the font it learnt on a console, kept in its output folder for a
 * person to put beside the scripts, so that the next run (and every server of that model) reads
 * the console at once, without learning.
 */
public final class LearntFonts {

    private LearntFonts() {}

    /**
     * The fonts in the {@code fonts} folder beside {@code script}, if there is one.
     *
     * @throws IOException naming the file, when one there is not a Vaxiin font
     */
    public static FontLibrary besideScript(Path script) throws IOException {
        Path folder = script.toAbsolutePath().getParent();
        return FontLibrary.load(folder == null ? List.of() : List.of(folder.resolve(FontLibrary.FOLDER)));
    }

    /** The fonts in {@code folder}'s {@code fonts} folder, for scripts in {@code folder}. */
    public static FontLibrary inFolder(Path folder) throws IOException {
        return FontLibrary.load(List.of(folder.resolve(FontLibrary.FOLDER)));
    }

    /**
     * Writes the font {@code reader} learnt on its console (one not loaded from a file, or one it
     * added characters to) as {@code out/fonts/NAME.vxf}, and says so in {@code log}; nothing when
     * it learnt none. The file to keep is returned, or null.
     */
    public static Path keep(ConsoleReader reader, FontLibrary library, Path out, RunLog log) {
        BitmapFont font = reader.learntFont();
        if (font == null || library.files().contains(font) || out == null) {
            return null;
        }
        Path file = out.resolve(FontLibrary.FOLDER).resolve(font.name() + ".vxf");
        try {
            FontLibrary.write(font, file);
            log.step("the console's font is no shipped one: learnt " + font.glyphs().size() + " characters of " + font.width() + "x"
                + font.height() + ", kept in " + file + " (put it in fonts/ beside the script to read this console without learning)");
            return file;
        } catch (IOException e) {
            log.warn("could not keep the font learnt on the console in " + file + ": " + e.getMessage());
            return null;
        }
    }
}
