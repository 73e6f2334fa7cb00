package io.vaxiin.repl;

import io.vaxiin.connector.Boot;
import io.vaxiin.connector.Key;
import io.vaxiin.connector.Power;
import io.vaxiin.dsl.RecoveryScript;
import io.vaxiin.sandbox.Scenario;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tab completion in the REPL: DSL words and the REPL's variables where a statement starts (and
 * after {@code then}, {@code when}, {@code =}, {@code (}, …); key names inside {@code press '…'}
 * (case-insensitively, after {@code ctrl-}/{@code alt-}/{@code shift-}/{@code meta-} too); power
 * actions and boot devices inside {@code power '…'} and {@code boot '…'}; {@code once: true} after
 * {@code boot 'pxe', }; and the {@code :commands} with their arguments (servers, {@code sandbox}
 * and its scenarios, words, file names, fixed choices).
 *
 * <p>It offers only candidates that start with what is typed, so JLine's own matching agrees
 * with it; for key names typed in another case JLine must match case-insensitively
 * ({@code LineReader.Option.CASE_INSENSITIVE}, which {@link ReplInput} sets). It needs lines
 * parsed by {@link ReplParser}; another parser's line is parsed again.
 */
public final class ReplCompleter implements Completer {

    /**
     * Where the names come from; the suppliers are asked on every Tab, so new servers and
     * variables are offered at once.
     *
     * @param servers   the inventory's server names
     * @param scenarios the sandbox's scenario names
     * @param variables the names the REPL's session has defined
     * @param commands  the REPL's commands
     * @param directory the folder relative file names start from
     */
    public record Sources(Supplier<List<String>> servers, Supplier<List<String>> scenarios,
                          Supplier<Set<String>> variables, List<CommandSyntax> commands, Path directory) {
        public Sources {
            Objects.requireNonNull(servers);
            Objects.requireNonNull(scenarios);
            Objects.requireNonNull(variables);
            commands = List.copyOf(commands);
            Objects.requireNonNull(directory);
        }

        /**
         * Sources with the sandbox's scenarios ({@link Scenario}), the {@link CommandSyntax#DEFAULTS
         * default commands} and file names from the working directory.
         */
        public static Sources of(Supplier<List<String>> servers, Supplier<Set<String>> variables) {
            return new Sources(servers, () -> Arrays.stream(Scenario.values()).map(Scenario::id).toList(), variables,
                    CommandSyntax.DEFAULTS, Path.of(System.getProperty("user.dir")));
        }

        /** These sources with other commands. */
        public Sources withCommands(List<CommandSyntax> commands) {
            return new Sources(servers, scenarios, variables, commands, directory);
        }

        /** These sources with file names relative to {@code directory}. */
        public Sources withDirectory(Path directory) {
            return new Sources(servers, scenarios, variables, commands, directory);
        }
    }

    private static final String CALL = "(?s).*(?<![\\w$.])";
    private static final Pattern PRESS = Pattern.compile("(?s).*(?:(?<![\\w$.])|serial\\s*\\.\\s*)press\\s*\\(?\\s*['\"]");
    private static final Pattern POWER = Pattern.compile(CALL + "power\\s*\\(?\\s*['\"]");
    private static final Pattern BOOT = Pattern.compile(CALL + "boot\\s*\\(?\\s*['\"]");
    private static final Pattern BOOT_OPTIONS = Pattern.compile(CALL + "boot\\s*\\(?\\s*(['\"])[A-Za-z]*\\1\\s*,\\s*");
    private static final Pattern AFTER_KEYWORD = Pattern.compile(CALL + "(then|when|return|else|assert)");
    /** ctrl-, alt-shift+ …: modifiers held, then the key being typed. */
    private static final Pattern HELD = Pattern.compile("((?:[A-Za-z]+[-+])+)(.*)");
    private static final Set<String> GETTERS = Set.of("screen", "serial", "server", "http", "params", "waitFor", "matches");

    private final Sources sources;
    private final ReplParser parser = new ReplParser();

    /** A completer drawing names from {@code sources}. */
    public ReplCompleter(Sources sources) {
        this.sources = Objects.requireNonNull(sources);
    }

    @Override
    public void complete(LineReader reader, ParsedLine parsed, List<Candidate> candidates) {
        ReplLine line = parsed instanceof ReplLine r ? r : parser.parse(parsed.line(), parsed.cursor(), org.jline.reader.Parser.ParseContext.COMPLETE);
        String typed = line.word().substring(0, line.wordCursor());
        switch (line.kind()) {
            case COMMAND -> command(reader, line, typed, candidates);
            case STRING -> inString(line, typed, candidates);
            case CODE -> inCode(line, typed, candidates);
            case OTHER -> { }
        }
    }

    private void command(LineReader reader, ReplLine line, String typed, List<Candidate> out) {
        String before = line.before().strip();
        if (before.isEmpty()) {
            for (CommandSyntax c : sources.commands()) add(out, c.name(), c.name(), typed, c.arg() != CommandSyntax.Arg.NONE, false);
            return;
        }
        String[] args = before.split("\\s+");
        CommandSyntax syntax = sources.commands().stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
        if (syntax == null) return;
        int index = args.length - 1;
        switch (syntax.arg()) {
            case TARGET -> {
                if (index == 0) {
                    for (String s : sources.servers().get()) add(out, s, s, typed, true, false);
                    add(out, "sandbox", "sandbox", typed, true, false);
                } else if (index == 1 && args[1].equals("sandbox")) {
                    for (String s : sources.scenarios().get()) add(out, s, s, typed, true, false);
                }
            }
            case WORD -> {
                if (index != 0) return;
                for (String w : new TreeSet<>(RecoveryScript.WORDS)) add(out, w, w, typed, true, false);
                for (CommandSyntax c : sources.commands()) add(out, c.name(), c.name(), typed, true, false);
            }
            case CHOICE -> {
                if (index == 0) for (String c : syntax.choices()) add(out, c, c, typed, true, false);
            }
            case FILE -> {
                if (index == 0 && reader != null) files(reader, line, typed, out);
            }
            case NONE -> { }
        }
    }

    private void files(LineReader reader, ReplLine line, String typed, List<Candidate> out) {
        List<Candidate> all = new ArrayList<>();
        new Completers.FileNameCompleter() {
            @Override
            protected Path getUserDir() {
                return sources.directory();
            }
        }.complete(reader, line, all);
        for (Candidate c : all) if (c.value().startsWith(typed)) out.add(c);
    }

    private void inString(ReplLine line, String typed, List<Candidate> out) {
        String before = line.before();
        // a closed string is closed already: no quote, no space after the candidate
        boolean complete = !line.closed();
        if (PRESS.matcher(before).matches()) {
            keys(typed, complete, out);
        } else if (POWER.matcher(before).matches()) {
            for (Power.Action a : Power.Action.values()) {
                String v = a.name().toLowerCase(Locale.ROOT);
                add(out, v, v, typed, complete, true);
            }
        } else if (BOOT.matcher(before).matches()) {
            for (Boot.Device d : Boot.Device.values()) {
                if (d == Boot.Device.NONE) continue; // what the BMC reports, not something to ask for
                String v = d.name().toLowerCase(Locale.ROOT);
                add(out, v, v, typed, complete, true);
            }
        }
    }

    private static void keys(String typed, boolean complete, List<Candidate> out) {
        String held = "";
        String key = typed;
        Matcher m = HELD.matcher(typed);
        if (m.matches() && Arrays.stream(m.group(1).split("[-+]")).allMatch(ReplCompleter::modifier)) {
            held = m.group(1);
            key = m.group(2);
        }
        for (Key k : Key.named().values()) {
            if (k.name().toLowerCase(Locale.ROOT).startsWith(key.toLowerCase(Locale.ROOT))) {
                out.add(new Candidate(held + k.name(), k.name(), null, null, null, null, complete));
            }
        }
        if (held.isEmpty()) {
            for (String mod : List.of("ctrl-", "alt-", "shift-", "meta-")) add(out, mod, mod, typed, false, true);
        }
    }

    private static boolean modifier(String name) {
        return Key.byName(name).map(Key::isModifier).orElse(false);
    }

    private void inCode(ReplLine line, String typed, List<Candidate> out) {
        String before = line.before();
        if (BOOT_OPTIONS.matcher(before).matches()) {
            add(out, "once: true", "once: true", typed, true, false);
            return;
        }
        if (!statementOrOperand(before)) return;
        Set<String> words = new TreeSet<>(RecoveryScript.WORDS);
        for (String w : words) add(out, w, w, typed, !GETTERS.contains(w), false);
        for (String v : new TreeSet<>(sources.variables().get())) {
            if (!words.contains(v)) add(out, v, v, typed, false, false);
        }
    }

    /** True where a statement or an operand starts: a DSL word or a variable may come there. */
    private static boolean statementOrOperand(String before) {
        String t = before.stripTrailing();
        if (t.isEmpty() || before.substring(t.length()).indexOf('\n') >= 0) return true;
        if (t.endsWith("->") || t.endsWith("&&") || t.endsWith("||")) return true;
        char last = t.charAt(t.length() - 1);
        if (";{}([!".indexOf(last) >= 0) return true;
        if (last == '=' && !t.endsWith("=~")) return true;
        return AFTER_KEYWORD.matcher(t).matches() && before.length() > t.length();
    }

    private static void add(List<Candidate> out, String value, String display, String typed, boolean complete, boolean ignoreCase) {
        boolean matches = ignoreCase ? value.toLowerCase(Locale.ROOT).startsWith(typed.toLowerCase(Locale.ROOT)) : value.startsWith(typed);
        if (matches) out.add(new Candidate(value, display, null, null, null, null, complete));
    }
}
