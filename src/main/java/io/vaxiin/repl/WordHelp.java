package io.vaxiin.repl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code :help} and {@code :help WORD}, from the Javadoc of the DSL's words: the sources of
 * {@code io.vaxiin.dsl.RecoveryScript} and of the classes behind {@code screen}, {@code serial},
 * {@code server}, {@code http} and {@code params} are in the jar (see pom.xml) and their comments
 * are read when help is first asked for, so a word is explained in one place.
 *
 * <p>The words are RecoveryScript's public instance methods; those whose names start with
 * {@code $} (what the engine compiles to) or {@code get} (except the five getters above) are
 * not words, but the comment of {@code $rule} explains {@code when} and {@code then}. A member
 * of an area class is left out when its comment says it is "for the engine".
 */
public final class WordHelp {

    /** Where the sources are, relative to this class. */
    static final String FOLDER = "javadoc/";

    /** The words behind a getter, whose classes' methods {@code :help WORD} lists too. */
    private static final List<String> AREAS = List.of("screen", "serial", "server", "http", "params");
    private static final String RULE = "when COND then ACTION";

    /** One overload of a word: how it is written, and its comment. */
    private record Entry(String signature, String javadoc) {}

    private final List<CommandSyntax> commands;
    private final Map<String, List<Entry>> words = new LinkedHashMap<>();
    private final Map<String, String> classDocs = new LinkedHashMap<>();
    private final Map<String, Map<String, List<Entry>>> members = new LinkedHashMap<>();

    /** Help for the DSL's words only. */
    public WordHelp() {
        this(List.of());
    }

    /**
     * Help for the DSL's words and the REPL's commands.
     *
     * @throws IllegalStateException when the DSL's sources are not on the class path (a build
     *                               without the resources of pom.xml)
     */
    public WordHelp(List<CommandSyntax> commands) {
        this.commands = List.copyOf(commands);
        JavadocSource.Documented script = JavadocSource.parse(source("RecoveryScript"));
        for (JavadocSource.Method m : script.methods()) {
            if (m.isStatic()) continue;
            String name = m.name();
            if (name.equals("$rule")) {
                words.computeIfAbsent("when", k -> new ArrayList<>()).add(new Entry(RULE, m.javadoc()));
                words.computeIfAbsent("then", k -> new ArrayList<>()).add(new Entry(RULE, m.javadoc()));
            } else if (getter(name) != null) {
                if (AREAS.contains(getter(name))) words.computeIfAbsent(getter(name), k -> new ArrayList<>()).add(new Entry(getter(name), m.javadoc()));
            } else if (!name.startsWith("$")) {
                words.computeIfAbsent(name, k -> new ArrayList<>()).add(new Entry(signature(m), m.javadoc()));
            }
        }
        for (String area : AREAS) {
            JavadocSource.Documented type = JavadocSource.parse(source(areaClass(area)));
            classDocs.put(area, type.classDoc());
            Map<String, List<Entry>> of = new LinkedHashMap<>();
            for (JavadocSource.Method m : type.methods()) {
                if (m.isStatic() || m.javadoc().contains("for the engine")) continue;
                String property = getter(m.name());
                of.computeIfAbsent(property != null ? property : m.name(), k -> new ArrayList<>())
                        .add(new Entry(property != null ? property : signature(m), m.javadoc()));
            }
            members.put(area, of);
        }
    }

    /** The documented words, in the order RecoveryScript declares them. */
    public List<String> words() {
        return List.copyOf(words.keySet());
    }

    /** The first sentence of a word's help, or empty for a word the DSL does not have. */
    public Optional<String> summary(String word) {
        List<Entry> entries = words.get(word);
        return entries == null ? Optional.empty() : Optional.of(JavadocText.firstSentence(entries.get(0).javadoc()));
    }

    /** What {@code :help} shows: every word with its first sentence, then the commands. */
    public String overview() {
        StringBuilder out = new StringBuilder("Words of the DSL (:help WORD tells more):\n");
        int width = words.keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
        for (String w : words.keySet()) out.append(row(w, summary(w).orElse(""), width));
        if (!commands.isEmpty()) {
            out.append("\nCommands of the REPL:\n");
            int cw = commands.stream().mapToInt(c -> c.usage().length()).max().orElse(0) + 4;
            for (CommandSyntax c : commands) out.append(row(c.usage(), c.summary(), cw));
        }
        return out.toString();
    }

    /**
     * What {@code :help WORD} shows: each overload's signature and its whole comment; for
     * {@code screen}, {@code serial}, {@code server}, {@code http} and {@code params} also the
     * members of what they return ({@code :help screen.line} for one); for a {@code :command}
     * its usage; for anything else a sentence saying so, with the nearest word.
     */
    public String help(String word) {
        String w = word.strip();
        if (w.startsWith(":")) {
            for (CommandSyntax c : commands) if (c.name().equals(w)) return c.usage() + "\n" + JavadocText.wrap(c.summary(), 2, 2, JavadocText.WIDTH) + "\n";
            return unknown(w);
        }
        int dot = w.indexOf('.');
        if (dot > 0 && members.containsKey(w.substring(0, dot))) {
            List<Entry> entries = members.get(w.substring(0, dot)).get(w.substring(dot + 1));
            if (entries == null) return unknown(w);
            StringBuilder out = new StringBuilder();
            for (Entry e : entries) out.append(entry(w.substring(0, dot) + "." + e.signature(), e.javadoc(), 0));
            return out.toString();
        }
        List<Entry> entries = words.get(w);
        if (entries == null) return unknown(w);
        StringBuilder out = new StringBuilder();
        for (Entry e : entries) {
            if (out.length() > 0) out.append('\n');
            out.append(entry(e.signature(), e.javadoc(), 0));
        }
        if (members.containsKey(w)) {
            String classText = JavadocText.render(classDocs.get(w), 2, JavadocText.WIDTH);
            if (!classText.isBlank()) out.append('\n').append(classText).append('\n');
            out.append("\nMembers of ").append(w).append(":\n");
            for (List<Entry> overloads : members.get(w).values()) {
                for (Entry e : overloads) out.append(entry(w + "." + e.signature(), e.javadoc(), 2));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "WordHelp[" + words.size() + " words, " + commands.size() + " commands]";
    }

    private static String entry(String signature, String javadoc, int indent) {
        return " ".repeat(indent) + signature + "\n" + JavadocText.render(javadoc, indent + 2, JavadocText.WIDTH) + "\n";
    }

    private static String row(String name, String text, int width) {
        String wrapped = JavadocText.wrap(text, width, width, JavadocText.WIDTH);
        return "  " + name + wrapped.substring(Math.min(wrapped.length(), name.length() + 2)) + "\n";
    }

    private String unknown(String word) {
        List<String> known = new ArrayList<>(words.keySet());
        for (CommandSyntax c : commands) known.add(c.name());
        members.forEach((area, of) -> of.keySet().forEach(m -> known.add(area + "." + m)));
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(word.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        String what = word.startsWith(":") ? "'" + word + "' is not a command of the REPL" : "'" + word + "' is not a word of the DSL";
        return what + (best == null ? " (:help lists them)" : "; did you mean '" + best + "'?") + "\n";
    }

    /** The class behind an area's getter. */
    private static String areaClass(String area) {
        return switch (area) {
            case "serial" -> "SerialText";
            case "http" -> "Http";
            default -> Character.toUpperCase(area.charAt(0)) + area.substring(1);
        };
    }

    /** The property a getter reads ({@code getScreen} → {@code screen}), or null for another method. */
    private static String getter(String name) {
        if (name.length() < 4 || !name.startsWith("get") || !Character.isUpperCase(name.charAt(3))) return null;
        return Character.toLowerCase(name.charAt(3)) + name.substring(4);
    }

    /** {@code type(text)}, {@code waitFor(options, regex)}. */
    private static String signature(JavadocSource.Method m) {
        return m.name() + "(" + String.join(", ", m.params()) + ")";
    }

    // the edit distance of engine.DslChecker's suggestions; repl does not reach into engine's internals
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String source(String className) {
        String path = FOLDER + className + ".java";
        try (InputStream in = WordHelp.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the help text is the DSL's Javadoc, and io/vaxiin/repl/" + path
                        + " is not on the class path: build with Maven (pom.xml copies the DSL's sources)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read io/vaxiin/repl/" + path, e);
        }
    }
}
