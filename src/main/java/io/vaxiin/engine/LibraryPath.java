package io.vaxiin.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code use 'lib/…'} finds a library file: first beside the script and in the folders
 * above it (a repository of scripts keeps its {@code lib/} at the top), then in Vaxiin's own
 * installation, which ships {@code lib/}. The {@code .groovy} extension is optional.
 *
 * @param home Vaxiin's installation folder (may be null)
 */
public record LibraryPath(Path home) {

    /**
     * The file {@code path} names, seen from a script in {@code scriptDir}. A library is a
     * {@code .groovy} file under a {@code lib/} folder, named by a relative path without
     * {@code ..}: {@code use} cannot be made to read any other file.
     */
    public Optional<Path> resolve(String path, Path scriptDir) {
        if (!valid(path)) return Optional.empty();
        for (Path root : roots(scriptDir)) {
            for (String candidate : path.endsWith(".groovy") ? List.of(path) : List.of(path + ".groovy")) {
                Path p = root.resolve(candidate).normalize();
                if (Files.isRegularFile(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** True for a path {@code use} may name: {@code lib/…}, relative, no {@code ..}, letters, digits, {@code _ - . /}. */
    public static boolean valid(String path) {
        return path.matches("lib/[A-Za-z0-9_./-]+") && !path.contains("..") && !path.contains("//")
                && (path.endsWith(".groovy") || !path.substring(path.lastIndexOf('/') + 1).contains("."));
    }

    /** The folders searched, in order, for messages. */
    public List<Path> roots(Path scriptDir) {
        List<Path> roots = new ArrayList<>();
        for (Path p = scriptDir == null ? null : scriptDir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            roots.add(p);
        }
        if (home != null && !roots.contains(home.toAbsolutePath().normalize())) roots.add(home.toAbsolutePath().normalize());
        return roots;
    }
}
