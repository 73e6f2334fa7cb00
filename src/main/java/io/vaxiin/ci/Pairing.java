package io.vaxiin.ci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which recording each script is tested against. A script names its recordings with lines such
 * as {@code // replay: recordings/fsck-xterm} (relative to the script's folder). With
 * {@code --replay DIR} (a recording, or a folder of them) a script is tested against the
 * recordings there that it names by folder name, or, when it names none, against those named
 * after it ({@code fsck.groovy}: {@code fsck} and {@code fsck-*}); a single recording given
 * with {@code --replay} is played to every script.
 */
public final class Pairing {

    /** One test: a script against a recording. */
    public record Pair(Path script, Path recording) {}

    /**
     * @param pairs    the tests, in script order
     * @param unpaired scripts no recording goes with
     * @param problems paths that are not scripts or recordings, and recordings named that do not exist
     */
    public record Plan(List<Pair> pairs, List<Path> unpaired, List<String> problems) {}

    private static final Pattern REPLAY_LINE = Pattern.compile("^\\s*//\\s*replay:\\s*(\\S+)\\s*$");

    private Pairing() {}

    /** True when {@code dir} holds a recording. */
    public static boolean isRecording(Path dir) {
        return Files.isRegularFile(dir.resolve("events.jsonl"));
    }

    /** The recordings a script names with {@code // replay:} lines, as written. */
    static List<String> named(Path script) {
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
                Matcher m = REPLAY_LINE.matcher(line);
                if (m.matches()) names.add(m.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** The scripts under the given files and folders (as {@code vaxiin check} finds them), and what is not there. */
    static List<Path> scripts(List<Path> given, List<String> problems) {
        Set<Path> scripts = new LinkedHashSet<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> f.toString().endsWith(".groovy") && Files.isRegularFile(f)).sorted().forEach(scripts::add);
                } catch (IOException | UncheckedIOException e) {
                    problems.add(p + ": cannot be read: " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                scripts.add(p);
            } else {
                problems.add(p + ": no such script or folder");
            }
        }
        return new ArrayList<>(scripts);
    }

    /** The recordings a --replay path gives: itself, or the recordings directly inside it. */
    static List<Path> recordings(Path dir, List<String> problems) {
        if (isRecording(dir)) return List.of(dir);
        if (!Files.isDirectory(dir)) {
            problems.add("--replay " + dir + ": no such recording or folder");
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(Files::isDirectory).filter(Pairing::isRecording).sorted().forEach(found::add);
        } catch (IOException e) {
            problems.add("--replay " + dir + ": cannot be read: " + e.getMessage());
        }
        if (found.isEmpty()) problems.add("--replay " + dir + ": holds no recording (a recording is a folder with events.jsonl)");
        return found;
    }

    /** Pairs the scripts under {@code paths} with recordings: those they name, or those under {@code replay}. */
    public static Plan plan(List<Path> paths, List<Path> replay) {
        List<String> problems = new ArrayList<>();
        List<Path> scripts = scripts(paths, problems);
        List<Path> given = new ArrayList<>();
        for (Path r : replay) given.addAll(recordings(r, problems));
        List<Pair> pairs = new ArrayList<>();
        List<Path> unpaired = new ArrayList<>();
        for (Path script : scripts) {
            List<Path> with = replay.isEmpty() ? namedRecordings(script, problems) : chosen(script, given);
            if (with.isEmpty()) unpaired.add(script);
            for (Path r : with) pairs.add(new Pair(script, r));
        }
        return new Plan(pairs, unpaired, problems);
    }

    private static List<Path> namedRecordings(Path script, List<String> problems) {
        List<Path> out = new ArrayList<>();
        Path dir = script.toAbsolutePath().getParent();
        for (String name : named(script)) {
            Path r = normal(dir.resolve(name));
            if (isRecording(r)) out.add(r);
            else problems.add(script + ": '// replay: " + name + "' names no recording (" + r + " has no events.jsonl)");
        }
        return out;
    }

    private static List<Path> chosen(Path script, List<Path> given) {
        if (given.size() == 1) return List.of(normal(given.get(0)));
        List<String> names = named(script).stream().map(n -> Path.of(n).getFileName().toString()).toList();
        String stem = script.getFileName().toString().replaceFirst("\\.groovy$", "");
        List<Path> out = new ArrayList<>();
        for (Path r : given) {
            String name = r.getFileName().toString();
            boolean match = names.isEmpty() ? name.equals(stem) || name.startsWith(stem + "-") : names.contains(name);
            if (match) out.add(normal(r));
        }
        return out;
    }

    /** The path as a person would write it from here: relative to the working folder when it is inside it. */
    static Path normal(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return abs.startsWith(here) ? here.relativize(abs) : abs;
    }
}
