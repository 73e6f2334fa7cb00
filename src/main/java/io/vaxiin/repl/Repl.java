package io.vaxiin.repl;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.dsl.Redactor;
import io.vaxiin.dsl.Screen;
import io.vaxiin.engine.ScriptCompiler;
import io.vaxiin.engine.ScriptError;
import io.vaxiin.engine.Snippets;
import io.vaxiin.repl.recording.Step;
import io.vaxiin.target.TargetException;
import io.vaxiin.target.TargetRequest;
import io.vaxiin.vision.ConsoleReader;
import org.codehaus.groovy.runtime.FormatHelper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code vaxiin repl}: a person works a live console with the DSL's words, one snippet at a time,
 * and may record what they did as a script ({@code :record}, {@code :save}). Every snippet is
 * checked as {@code vaxiin check} checks a script and fails as {@code vaxiin run} fails; Ctrl-C
 * ends the running snippet, not the REPL; the end of the input or {@code :quit} closes every
 * connection. The exit code is that of the last snippet or command that failed (0 when none did).
 */
public final class Repl {

    /**
     * How the REPL starts.
     *
     * @param request   the target to open first (the sandbox when it names nothing)
     * @param where     how the person named it, without secrets
     * @param params    the {@code --param} values
     * @param outputDir where the REPL's log, snaps and screenshots go
     * @param inventory the inventory file {@code :connect NAME} looks in
     * @param history   the history file (terminal only)
     * @param home      Vaxiin's own folder (its lib/)
     * @param record    where to keep a recording of the first target (--record), or null
     */
    /** What the REPL starts with; {@code fonts}, the .vxf fonts of --fonts (read beside the shipped ones). */
    public record Settings(TargetRequest request, String where, Map<String, String> params, Path outputDir, Path inventory,
                           Path history, Path home, Path record, io.vaxiin.vision.FontLibrary fonts) {}

    private final InputSource input;
    private final Output out;
    private final ScriptCompiler compiler;
    private final Redactor secrets;
    private final PrintStream warnings;
    private final Settings settings;
    private final Snippets snippets;
    private final ConsoleReader reader;
    /** The recording's own reader: it reads frames on its thread while the REPL's lines read theirs. */
    private final ConsoleReader recordingReader;
    /** True once --record's folder has been given to a connection (it records the first target only). */
    private boolean recordingMade;
    private final Recorder recorder = new Recorder(Clock.systemUTC());
    private final ReplLog log;
    private Connection connection;
    private int exitCode;
    private boolean quit;

    Repl(InputSource input, Output out, ScriptCompiler compiler, Redactor secrets, PrintStream warnings, Settings settings,
         ReplLog log) {
        this.input = input;
        this.out = out;
        this.compiler = compiler;
        this.secrets = secrets;
        this.warnings = warnings;
        this.settings = settings;
        this.reader = new ConsoleReader(settings.fonts());
        this.recordingReader = new ConsoleReader(settings.fonts());
        this.snippets = new Snippets(compiler, Path.of("."));
        this.log = log;
    }

    /**
     * Runs a REPL on {@code in} until its end or {@code :quit}: in a terminal (JLine) when
     * {@code terminal} is true, else reading lines as they are piped in.
     *
     * @return the exit code of the last failure (SPEC.md's codes), 0 when nothing failed
     */
    public static int run(Settings settings, InputStream in, PrintStream stdout, PrintStream stderr, boolean terminal,
                          ScriptCompiler compiler, Redactor secrets) {
        InputSource input;
        Output out;
        if (terminal) {
            TerminalInput t = TerminalInput.open(settings, secrets);
            input = t;
            out = new Output(t.writer(), t.writer(), true, secrets, t::printAbove);
        } else {
            input = new PipedInput(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            out = new Output(new PrintWriter(stdout, true), new PrintWriter(stderr, true), secrets);
        }
        try (input; ReplLog log = ReplLog.open(settings.outputDir().resolve("run.log"), out, secrets)) {
            Repl repl = new Repl(input, out, compiler, secrets, stderr, settings, log);
            if (input instanceof TerminalInput t) t.complete(repl.completionSources());
            return repl.loop();
        } catch (IOException e) {
            stderr.println("vaxiin: repl: cannot write to " + settings.outputDir() + ": " + e.getMessage());
            return 2;
        }
    }

    /** The names completion offers, read when asked (they change as the person works). */
    ReplCompleter.Sources completionSources() {
        return ReplCompleter.Sources.of(() -> ReplCommands.inventoryNames(settings.inventory()), () -> {
            java.util.Set<String> names = new java.util.TreeSet<>(snippets.variableNames());
            names.addAll(snippets.helperNames());
            return names;
        }).withCommands(ReplCommands.COMMANDS);
    }

    private int loop() {
        // killed or Ctrl-C'd from a pipeline: log out of the BMC on the way out
        Thread onExit = new Thread(this::closeConnection, "repl close");
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            if (!connect(settings.request(), settings.where())) return exitCode;
            input.onInterrupt(snippets::cancel);
            if (input.interactive()) {
                out.info("Connected. Type DSL words (type 'y', press 'F1', power 'cycle', waitFor(/login:/), screen.line(3)),"
                        + " :help for the words and commands, :quit or Ctrl-D to leave.");
            }
            while (!quit) {
                String text;
                try {
                    text = input.read();
                } catch (IOException e) {
                    out.error("cannot read the input: " + e.getMessage());
                    exitCode = 2;
                    break;
                }
                if (text == null) break;
                if (text.isBlank()) continue;
                String trimmed = text.strip();
                if (trimmed.startsWith(":")) {
                    command(trimmed);
                } else {
                    evaluate(text);
                }
            }
            return exitCode;
        } finally {
            closeConnection();
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running or has run
            }
        }
    }

    private void command(String line) {
        try {
            new ReplCommands(this).run(line);
        } catch (ReplCommands.CommandError e) {
            out.error(e.getMessage());
            exitCode = e.exitCode();
        }
    }

    // ---- snippets ---------------------------------------------------------------------------

    private void evaluate(String text) {
        boolean serialOnly = connection.target().console() == null;
        Recorder.Seen before = recorder.on() ? recorder.look(connection.session(), serialOnly) : null;
        log.input(text);
        Snippets.Result r = snippets.eval(text, connection.session());
        switch (r.kind()) {
            case VALUE -> {
                if (r.value() != null) out.value(show(r.value()));
            }
            case NOT_COMPILED -> {
                for (ScriptError e : r.errors()) out.error(e.toString());
                exitCode = 2;
            }
            case ENDED -> {
                if (r.exitCode() == 0) {
                    out.step("done: " + r.ending().message());
                } else {
                    out.error(r.ending().headline());
                    exitCode = r.exitCode();
                }
            }
            case FAILED -> {
                out.error(r.ending().headline());
                exitCode = r.exitCode();
            }
        }
        if (before != null) {
            recorder.note(text, r, before, () -> recorder.look(connection.session(), serialOnly), connection.session())
                    .ifPresent(step -> out.step("recorded " + describe(step)));
        }
    }

    private static String describe(Step step) {
        return switch (step.kind()) {
            case ANSWER -> "answer: " + firstLine(step.source());
            case WAIT -> "wait: " + firstLine(step.source());
            case DONE -> "the end: " + firstLine(step.source());
            case FAIL -> "a failing end: " + firstLine(step.source());
            case RULE -> "rule: " + firstLine(step.source());
        };
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " …";
    }

    /** A value as a person reads it: a screen as its text, a string as is, anything else as Groovy prints it. */
    static String show(Object value) {
        if (value instanceof Screen s) return String.join("\n", ReplCommands.trimmed(s.getLines()));
        if (value instanceof CharSequence c) return c.toString();
        return FormatHelper.toString(value);
    }

    // ---- connections ------------------------------------------------------------------------

    /** How a request names its target, for messages and a recording's header: names and hosts, never a password. */
    public static String where(TargetRequest r) {
        if (r.name() != null) return "inventory server " + r.name();
        if (r.sandbox()) {
            String scenario = r.console() != null && r.console().startsWith("sandbox:") ? r.console().substring(8)
                    : r.scenario() == null ? "healthy" : r.scenario();
            return "the sandbox (scenario " + scenario + ")";
        }
        List<String> shown = new java.util.ArrayList<>();
        for (String uri : new String[] {r.console(), r.power(), r.serial()}) {
            if (uri != null) shown.add(ReplCommands.withoutSecret(uri));
        }
        return String.join(" ", shown);
    }

    /** Opens {@code request}, closing the connection before it; false (and an error said) when it cannot. */
    boolean connect(TargetRequest request, String where) {
        Connection next;
        io.vaxiin.recording.RecordingWriter recording = null;
        try {
            if (settings.record() != null && !recordingMade) {
                recording = io.vaxiin.recording.RecordingWriter.toFolder(settings.record(), io.vaxiin.connector.TimeSource.SYSTEM,
                        secrets, recordingReader);
            }
            next = Connection.open(request, where, log, secrets, warnings, snippets, reader, settings.params(),
                    settings.outputDir(), recording);
            if (recording != null) recordingMade = true;
        } catch (TargetException | io.vaxiin.recording.RecordingException e) {
            if (recording != null) recording.close();
            out.error(e.getMessage());
            exitCode = 2;
            return false;
        } catch (ConnectorException e) {
            if (recording != null) recording.close();
            out.error(e.getMessage());
            exitCode = 3;
            return false;
        }
        closeConnection();
        connection = next;
        log.step("target " + next.target().description());
        if (recorder.on()) out.step("the recording goes on, on " + where);
        return true;
    }

    private synchronized void closeConnection() {
        Connection c = connection;
        if (c != null) {
            c.close();
            if (c.recording() != null) {
                out.step("recording kept in " + c.recording().dir() + " (" + c.recording().bytes() / 1024 + " KB)"
);
            }
        }
    }

    // ---- what the commands use --------------------------------------------------------------

    Connection connection() { return connection; }
    Output out() { return out; }
    InputSource input() { return input; }
    Recorder recorder() { return recorder; }
    Settings settings() { return settings; }
    ScriptCompiler compiler() { return compiler; }
    Snippets snippets() { return snippets; }
    ReplLog log() { return log; }
    ConsoleReader reader() { return reader; }
    void quit() { quit = true; }

    /** The folder snaps and saved scripts are written to when no path is given. */
    Path outputDir() { return settings.outputDir(); }

    Optional<io.vaxiin.repl.recording.Recording> recording() { return recorder.recording(); }

    /** Names of what is connected, for messages. */
    List<String> consoles() { return connection.consoles(); }
}
