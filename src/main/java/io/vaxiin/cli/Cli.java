package io.vaxiin.cli;

import io.vaxiin.engine.LibraryPath;
import io.vaxiin.engine.ScriptCompiler;
import io.vaxiin.engine.ScriptError;
import io.vaxiin.engine.ScriptErrors;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The command line: parses the sub-command, runs it, and turns every failure into one line on
 * stderr and the exit code of SPEC.md. Stack traces only with {@code --debug}.
 */
public final class Cli {

    static final String VERSION = "0.1.0";

    private final java.io.InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Path home;
    private final io.vaxiin.dsl.Redactor redactor = new io.vaxiin.dsl.Redactor();
    private boolean debug;
    private final boolean terminal;
    /** Set by a command that printed its own line about being interrupted. */
    final java.util.concurrent.atomic.AtomicBoolean interruptionReported = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param home Vaxiin's installation folder (its {@code lib/} is the shipped script library)
     */
    public Cli(PrintStream out, PrintStream err, Path home) {
        this(new java.io.ByteArrayInputStream(new byte[0]), out, err, home, false);
    }

    /**
     * @param in       what the REPL reads
     * @param terminal true when {@code in} and {@code out} are a terminal (the REPL edits lines there)
     */
    public Cli(java.io.InputStream in, PrintStream out, PrintStream err, Path home, boolean terminal) {
        this.in = in;
        this.terminal = terminal;
        this.out = RedactingStream.over(out, redactor);
        this.err = RedactingStream.over(err, redactor);
        this.home = home;
    }

    public static void main(String[] args) {
        String home = System.getProperty("vaxiin.home", ".");
        Cli cli = new Cli(System.in, System.out, System.err, Path.of(home), System.console() != null);
        // whatever else prints (a library's warning, an uncaught exception's trace) is masked too
        System.setOut(cli.out);
        System.setErr(cli.err);
        // Ctrl-C (or a kill) while a command runs: one last line saying it did not finish (run has
        // its own hooks, which name the recovery and close its connections).
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished.get() && !cli.interruptionReported.get() && args.length > 0
                    && !args[0].equals("sandbox") && !args[0].equals("run") && !args[0].equals("repl") && !args[0].equals("watch")) {
                cli.err.println("vaxiin: interrupted: " + args[0] + " did not finish");
                cli.err.flush();
            }
        }, "vaxiin-interrupted"));
        int code = cli.run(args);
        finished.set(true);
        cli.out.flush();
        cli.err.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code. */
    public int run(String... argv) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        debug = args.remove("--debug");
        try {
            if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
                if (args.size() > 1 && Help.COMMANDS.containsKey(args.get(1))) {
                    out.print(Help.COMMANDS.get(args.get(1)));
                } else {
                    out.print(Help.MAIN);
                }
                return args.isEmpty() ? 2 : 0;
            }
            if (args.get(0).equals("--version")) {
                out.println("vaxiin " + VERSION);
                return 0;
            }
            String command = args.remove(0);
            if (!Help.COMMANDS.containsKey(command)) {
                throw new UsageException("unknown command '" + command + "' (commands: run, check, screen, screenshot, "
                        + "sandbox, repl, test, watch, log, discover; see vaxiin --help)");
            }
            if (args.contains("--help") || args.contains("-h")) {
                out.print(Help.COMMANDS.get(command));
                return 0;
            }
            return switch (command) {
                case "check" -> check(args);
                default -> Commands.run(command, args, this);
            };
        } catch (UsageException e) {
            err.println("vaxiin: " + e.getMessage());
            return 2;
        } catch (RuntimeException | StackOverflowError e) {
            err.println("vaxiin: internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) e.printStackTrace(err);
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    java.io.InputStream in() { return in; }
    /** True when the command runs in a terminal (stdin and stdout). */
    boolean terminal() { return terminal; }
    PrintStream out() { return out; }
    PrintStream err() { return err; }
    Path home() { return home; }
    boolean debug() { return debug; }
    /** The secrets this command has read: everything it prints or writes is masked with them. */
    io.vaxiin.dsl.Redactor redactor() { return redactor; }

    ScriptCompiler compiler() {
        return new ScriptCompiler(new LibraryPath(home));
    }

    private int check(List<String> argv) {
        Args args = new Args("check", argv, Set.of(), Set.of("--help"));
        if (args.positional().isEmpty()) throw new UsageException("check: give at least one file or folder (see vaxiin check --help)");
        List<Path> files = new ArrayList<>();
        Set<Path> inFolder = new java.util.HashSet<>();
        List<String> problems = new ArrayList<>();
        for (String p : args.positional()) {
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(f -> (f.toString().endsWith(".groovy") || isViewerProfile(f, true)) && Files.isRegularFile(f)).sorted().forEach(f -> {
                        files.add(f);
                        inFolder.add(f);
                    });
                } catch (IOException | UncheckedIOException e) {
                    problems.add(p + ": cannot be read: " + e.getMessage());
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                problems.add(p + ": no such file or folder");
            }
        }
        ScriptCompiler compiler = compiler();
        int errors = problems.size(), bad = 0;
        problems.forEach(err::println);
        List<String> notes = new ArrayList<>();
        int profiles = 0;
        for (Path f : files) {
            if (isViewerProfile(f, false)) {
                profiles++;
                try {
                    io.vaxiin.connector.web.ViewerProfiles.read(f);
                } catch (io.vaxiin.connector.web.ViewerProfileException e) {
                    bad++;
                    errors++;
                    out.println(e.getMessage());
                }
                continue;
            }
            try {
                io.vaxiin.engine.CompiledScript compiled = compiler.compile(f);
                if (inFolder.contains(f) && compiled.neverApplies() && !f.toString().contains("/lib/")) {
                    notes.add("check: note: " + f + " never applies in vaxiin watch: none of its rules acts"
                            + " (types, presses, powers, sets the boot device); a rule that only says done or fail does not start it");
                }
            } catch (ScriptErrors e) {
                bad++;
                for (ScriptError error : e.errors()) {
                    out.println(error);
                    errors++;
                }
                if (debug) e.printStackTrace(err);
            }
        }
        notes.forEach(out::println);
        if (errors > 0) {
            out.println("check: " + errors + " error" + (errors == 1 ? "" : "s") + " in " + bad + " of " + files.size()
                    + (profiles == files.size() ? " viewer profile" : " script") + (files.size() == 1 ? "" : "s"));
            return 2;
        }
        int scripts = files.size() - profiles;
        out.println("check: " + (scripts > 0 || profiles == 0 ? scripts + " script" + (scripts == 1 ? "" : "s") : "")
                + (scripts > 0 && profiles > 0 ? " and " : "")
                + (profiles > 0 ? profiles + " viewer profile" + (profiles == 1 ? "" : "s") : "") + " OK");
        return 0;
    }

    /**
     * Whether {@code check} reads a file as a viewer profile: a YAML file named on the command line,
     * or, in a folder it walks, one in a folder named {@code viewers} ({@code lib/viewers}).
     */
    private static boolean isViewerProfile(Path f, boolean inWalk) {
        String n = f.getFileName().toString();
        if (!n.endsWith(".yaml") && !n.endsWith(".yml")) return false;
        return !inWalk || (f.getParent() != null && f.getParent().getFileName() != null && f.getParent().getFileName().toString().equals("viewers"));
    }
}
