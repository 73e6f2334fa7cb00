package io.vaxiin.cli;

import io.vaxiin.ci.JUnitXml;
import io.vaxiin.ci.Pairing;
import io.vaxiin.ci.ReplayCase;
import io.vaxiin.engine.CompiledScript;
import io.vaxiin.engine.ScriptCompiler;
import io.vaxiin.engine.ScriptError;
import io.vaxiin.engine.ScriptErrors;
import io.vaxiin.recording.Recording;
import io.vaxiin.recording.RecordingException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code vaxiin test SCRIPT|DIR... [--replay DIR]... [--junit FILE]}: each script against the
 * recordings that go with it ({@link Pairing}), one line per test, then a summary line.
 */
final class TestCommand {

    private TestCommand() {}

    static int run(List<String> argv, Cli cli) {
        Args args = new Args("test", argv, Set.of("--replay", "--junit", "--out", "--param"), Set.of("--help", "--verbose"));
        if (args.positional().isEmpty()) throw new UsageException("test: give at least one script or folder (see vaxiin test --help)");
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : args.options("--param")) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw new UsageException("test: --param takes KEY=VALUE, not '" + p + "'");
            params.put(p.substring(0, eq), Commands.param(p.substring(0, eq), p.substring(eq + 1), cli));
        }
        Pairing.Plan plan = Pairing.plan(args.positional().stream().map(Path::of).toList(),
                args.options("--replay").stream().map(Path::of).toList());
        for (String problem : plan.problems()) cli.err().println("vaxiin: test: " + problem);
        if (plan.pairs().isEmpty()) {
            for (Path p : plan.unpaired()) cli.err().println("vaxiin: test: " + p + ": no recording goes with it (add a line // replay: recordings/NAME)");
            cli.err().println("vaxiin: test: nothing to test");
            return 2;
        }
        Path out = args.option("--out") != null ? Path.of(args.option("--out"))
                : Path.of("vaxiin-tests", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ScriptCompiler compiler = cli.compiler();
        ReplayCase replayCase = new ReplayCase(compiler, cli.redactor(), params);
        JUnitXml junit = new JUnitXml();
        Map<Path, CompiledScript> compiled = new HashMap<>();
        Map<Path, List<String>> broken = new HashMap<>();
        Map<Path, Recording> recordings = new HashMap<>();
        Set<Path> scripts = new LinkedHashSet<>(), recorded = new LinkedHashSet<>();
        Set<String> folders = new java.util.HashSet<>();
        int passed = 0, failed = 0, errors = plan.problems().size();
        for (Pairing.Pair pair : plan.pairs()) {
            scripts.add(pair.script());
            recorded.add(pair.recording());
            String name = pair.script() + " with " + pair.recording();
            ReplayCase.Verdict verdict;
            try {
                CompiledScript script = compile(pair.script(), compiler, compiled, broken);
                if (script == null) {
                    verdict = new ReplayCase.Verdict(false, true, "the script does not compile", broken.get(pair.script()), 0, 0, null);
                } else {
                    Recording recording = recordings.computeIfAbsent(pair.recording(), Recording::read);
                    Path folder = out.resolve(unique(folders, stem(pair.script()) + "--" + pair.recording().getFileName()));
                    verdict = replayCase.run(script, Files.readAllLines(pair.script(), StandardCharsets.UTF_8), name, recording,
                            folder, args.flag("--verbose") ? cli.out() : null);
                }
            } catch (RecordingException e) {
                verdict = new ReplayCase.Verdict(false, true, "the recording cannot be read: " + e.getMessage(), List.of(), 0, 0, null);
            } catch (IOException e) {
                throw new UsageException("test: cannot write to " + out + ": " + e.getMessage());
            }
            junit.add(new JUnitXml.Case(pair.script().toString(), pair.recording().toString(), verdict));
            if (verdict.passed()) passed++;
            else if (verdict.broken()) errors++;
            else failed++;
            cli.out().println((verdict.passed() ? "PASS " : "FAIL ") + name + ": " + verdict.line());
            if (!verdict.passed()) {
                for (String d : verdict.details()) cli.out().println("     " + d);
                if (verdict.folder() != null) cli.out().println("     report: " + verdict.folder().resolve("report.html"));
            }
        }
        for (Path p : plan.unpaired()) {
            junit.add(new JUnitXml.Case(p.toString(), null, null));
            cli.out().println("NONE " + p + ": no recording goes with it (add a line // replay: recordings/NAME)");
        }
        if (args.option("--junit") != null) {
            try {
                junit.write(Path.of(args.option("--junit")));
            } catch (IOException e) {
                throw new UsageException("test: cannot write " + args.option("--junit") + ": " + e.getMessage());
            }
        }
        cli.out().println(scripts.size() + " script" + (scripts.size() == 1 ? "" : "s") + ", " + recorded.size() + " recording"
                + (recorded.size() == 1 ? "" : "s") + ": " + passed + " passed, " + failed + " failed"
                + (errors > 0 ? ", " + errors + " broken" : "")
                + (plan.unpaired().isEmpty() ? "" : "; " + plan.unpaired().size() + " script" + (plan.unpaired().size() == 1 ? "" : "s")
                + " without a recording")
                + " (reports in " + out + ")");
        return errors > 0 ? 2 : failed > 0 ? 1 : 0;
    }

    private static CompiledScript compile(Path file, ScriptCompiler compiler, Map<Path, CompiledScript> compiled,
                                          Map<Path, List<String>> broken) {
        if (compiled.containsKey(file)) return compiled.get(file);
        if (broken.containsKey(file)) return null;
        try {
            CompiledScript s = compiler.compile(file);
            compiled.put(file, s);
            return s;
        } catch (ScriptErrors e) {
            broken.put(file, e.errors().stream().map(ScriptError::toString).toList());
            return null;
        } catch (java.io.UncheckedIOException e) {
            broken.put(file, List.of(file + ": cannot be read: " + e.getMessage()));
            return null;
        }
    }

    private static String stem(Path script) {
        return script.getFileName().toString().replaceFirst("\\.groovy$", "");
    }

    private static String unique(Set<String> taken, String name) {
        String n = name;
        for (int i = 2; !taken.add(n); i++) n = name + "-" + i;
        return n;
    }
}
