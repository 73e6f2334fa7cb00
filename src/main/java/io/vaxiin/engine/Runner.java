package io.vaxiin.engine;

import groovy.lang.Binding;
import groovy.lang.GroovyRuntimeException;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.Frame;
import io.vaxiin.dsl.DslException;
import io.vaxiin.dsl.Reactor;
import io.vaxiin.dsl.RecoveryEnd;
import io.vaxiin.dsl.RecoveryScript;
import io.vaxiin.dsl.RecoveryStop;
import io.vaxiin.dsl.Session;
import io.vaxiin.dsl.StepFailure;
import io.vaxiin.vision.ScreenText;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a compiled recovery against a session: the script's steps, then its rules reacting to
 * the screen, all under the recovery's timeout. Turns every way a run can end into a
 * {@link RunResult} with one line for a person and the right exit code, and leaves the last
 * screen (PNG and text) in the output folder when it fails.
 */
public final class Runner {

    /** How long a script that was told to stop may take to stop before the run ends without it. */
    private static final long GRACE_MILLIS = 500;

    private final ScriptCompiler compiler;

    public Runner(ScriptCompiler compiler) {
        this.compiler = compiler;
    }

    /** Runs {@code script} with {@code session}; never throws for anything the script or target does. */
    public RunResult run(CompiledScript script, Session session) {
        return run(script, session, session.time().nanoTime());
    }

    /**
     * Runs {@code script} with {@code session}, its timeout counted from {@code startNanos} (a
     * {@link Session#time()} value: when the command began connecting to the target, so the
     * connection's time is part of the recovery's).
     */
    public RunResult run(CompiledScript script, Session session, long startNanos) {
        AtomicReference<RunResult> result = new AtomicReference<>();
        long start = startNanos;
        session.start(start);
        Thread worker = new Thread(() -> {
            Session.Scope scope = session.enter();
            try {
                RunResult r;
                try {
                    r = runInside(script, session, start);
                } catch (AssertionError e) {
                    r = result(RunResult.Outcome.FAILED, "assertion failed: " + firstLine(String.valueOf(e.getMessage())), where(e, Set.of(script.name())));
                } catch (OutOfMemoryError e) {
                    r = result(RunResult.Outcome.FAILED, "the script ran out of memory", where(e, Set.of(script.name())));
                } catch (Throwable e) {
                    // whatever else escapes a script is still one line about it, not a crash of the run
                    session.log().warn("the script stopped on " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
                    r = result(RunResult.Outcome.SCRIPT_ERROR, "the script stopped on an error of the runtime ("
                            + e.getClass().getSimpleName() + ")", where(e, Set.of(script.name())));
                }
                result.compareAndSet(null, r);
            } finally {
                scope.close();
            }
        }, "recovery " + script.name());
        worker.setDaemon(true);
        worker.start();
        try {
            while (worker.isAlive()) {
                long deadline = start + session.timeout().toNanos();
                long left = deadline - session.time().nanoTime();
                if (left <= 0) {
                    worker.join(GRACE_MILLIS); // the script's own words see the deadline too, and say more
                    if (!worker.isAlive()) break;
                    RunResult timedOut = new RunResult(RunResult.Outcome.FAILED, "recovery"
                            + (session.recoveryName() == null ? "" : " '" + session.recoveryName() + "'")
                            + " timed out after " + io.vaxiin.dsl.DurationExtension.describe(session.timeout())
                            + " while a step was still running", "", ScreenText.EMPTY, null);
                    if (result.compareAndSet(null, timedOut)) worker.interrupt();
                    worker.join(GRACE_MILLIS);
                    break;
                }
                worker.join(Math.max(1, Math.min(left / 1_000_000, 200)));
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            result.compareAndSet(null, new RunResult(RunResult.Outcome.FAILED, "interrupted", "", ScreenText.EMPTY, null));
        }
        RunResult r = result.get();
        if (r == null) r = result(RunResult.Outcome.FAILED, "the recovery ended without a result", "");
        return withEvidence(r, session);
    }

    private RunResult runInside(CompiledScript script, Session session, long start) {
        Set<String> scriptFiles = ConcurrentHashMap.newKeySet();
        scriptFiles.add(script.name());
        try {
            RecoveryScript instance = script.instantiate();
            instance.setBinding(new Binding());
            Session bound = session;
            instance.$bind(script.name(), script.dir());
            LibraryLoader libraries = new LibraryLoader(compiler, script.dir(), bound, scriptFiles);
            bound.setLibraryIfAbsent(libraries::load);
            instance.run();
            bound.startReacting();
            if (bound.rules().isEmpty()) {
                return result(RunResult.Outcome.FAILED, "the script ended without 'done' or 'fail', and has no rules to react with", "");
            }
            bound.log().step("reacting with " + bound.rules().size() + " rule" + (bound.rules().size() == 1 ? "" : "s")
                    + ", for up to " + io.vaxiin.dsl.DurationExtension.describe(bound.timeout()));
            new Reactor(bound).react(start + bound.timeout().toNanos());
            return result(RunResult.Outcome.FAILED, "the recovery ended without 'done'", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(RunResult.Outcome.FAILED, "interrupted", "");
        } catch (RuntimeException | RecoveryEnd | RecoveryStop | StackOverflowError e) {
            if (e instanceof RecoveryEnd end && end.recovered()) session.log().step("done: " + end.reason());
            return ending(e, session, scriptFiles);
        }
    }

    /**
     * How a run (or a REPL snippet) that threw {@code e} ended: one line for a person, with the
     * script line to blame, and the outcome whose exit code SPEC.md gives.
     *
     * @param scriptFiles the file names of the script and the libraries it used, to find the line
     * @throws RuntimeException {@code e} itself, when it is not something a script or target does
     */
    static RunResult ending(Throwable e, Session session, Set<String> scriptFiles) {
        if (e instanceof RecoveryEnd end) {
            return end.recovered() ? result(RunResult.Outcome.RECOVERED, end.reason(), "")
                    : result(RunResult.Outcome.FAILED, end.reason(), where(end, scriptFiles));
        }
        if (e instanceof RecoveryStop) {
            return result(RunResult.Outcome.FAILED, session.pastDeadline() ? "recovery"
                    + (session.recoveryName() == null ? "" : " '" + session.recoveryName() + "'") + " timed out after "
                    + io.vaxiin.dsl.DurationExtension.describe(session.timeout()) + " while a step was still running"
                    : e.getMessage(), where(e, scriptFiles));
        }
        if (e instanceof StackOverflowError) {
            return result(RunResult.Outcome.SCRIPT_ERROR, "the script calls itself without end (the stack overflowed)",
                    where(e, scriptFiles));
        }
        if (e instanceof StepFailure) return result(RunResult.Outcome.FAILED, e.getMessage(), where(e, scriptFiles));
        if (e instanceof ConnectorException c) {
            return result(c.isReachability() ? RunResult.Outcome.UNREACHABLE : RunResult.Outcome.FAILED,
                    e.getMessage(), where(e, scriptFiles));
        }
        if (e instanceof DslException || e instanceof ScriptLoadFailure) {
            return result(RunResult.Outcome.SCRIPT_ERROR, e.getMessage(), where(e, scriptFiles));
        }
        if (e instanceof MissingMethodException m) {
            return result(RunResult.Outcome.SCRIPT_ERROR, "'" + m.getMethod() + "' cannot be called with these arguments: "
                    + firstLine(e.getMessage()), where(e, scriptFiles));
        }
        if (e instanceof MissingPropertyException m) {
            return result(RunResult.Outcome.SCRIPT_ERROR, "'" + m.getProperty() + "' is not known here", where(e, scriptFiles));
        }
        if (e instanceof GroovyRuntimeException || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof NullPointerException || e instanceof ClassCastException || e instanceof ArithmeticException
                || e instanceof IndexOutOfBoundsException) {
            if (Thread.currentThread().isInterrupted()) return result(RunResult.Outcome.FAILED, "interrupted", "");
            return result(RunResult.Outcome.SCRIPT_ERROR, e.getClass().getSimpleName() + ": " + firstLine(String.valueOf(e.getMessage())),
                    where(e, scriptFiles));
        }
        if (e instanceof RuntimeException r) throw r;
        throw (Error) e;
    }

    private static RunResult result(RunResult.Outcome outcome, String message, String location) {
        return new RunResult(outcome, message, location, ScreenText.EMPTY, null);
    }

    /** Lines of the serial console's history a result shows when the target has no KVM console. */
    private static final int SERIAL_TAIL = 25;

    /**
     * Adds the last screen's text, and on failure saves it as PNG and text beside the log; keeps
     * the serial console's history as {@code serial.txt} beside the log.
     */
    private static RunResult withEvidence(RunResult r, Session session) {
        ScreenText serialTail = serialEvidence(session);
        if (session.screen() == null) {
            return serialTail == null ? r : new RunResult(r.outcome(), session.redactor().mask(r.message()), r.location(), serialTail, null);
        }
        ScreenText text = ScreenText.EMPTY;
        Path png = null;
        try {
            Frame f = session.screen().frame();
            text = session.screen().textOf(f).text();
            if (r.outcome() != RunResult.Outcome.RECOVERED && session.outputDir() != null) {
                Files.createDirectories(session.outputDir());
                png = session.outputDir().resolve("last-screen.png");
                ImageIO.write(io.vaxiin.dsl.SecretCover.covered(f.image(), text, session.redactor()), "png", png.toFile());
                Files.writeString(session.outputDir().resolve("last-screen.txt"), session.redactor().mask(text.text()) + "\n");
            }
        } catch (RuntimeException | IOException e) {
            session.log().warn("could not keep the last screen: " + e.getMessage());
        }
        ScreenText shown = new ScreenText(text.lines().stream().map(l -> session.redactor().mask(l)).toList(), text.reader());
        return new RunResult(r.outcome(), session.redactor().mask(r.message()), r.location(), shown, png);
    }

    /** Writes the serial history (masked) as serial.txt; returns its last lines, or null without a serial console. */
    private static ScreenText serialEvidence(Session session) {
        if (session.serialView() == null) return null;
        String history;
        try {
            history = session.redactor().mask(session.serialView().serial().recent().text());
        } catch (RuntimeException e) {
            return null;
        }
        if (session.outputDir() != null) {
            try {
                Files.createDirectories(session.outputDir());
                Files.writeString(session.outputDir().resolve("serial.txt"), history + "\n");
            } catch (IOException e) {
                session.log().warn("could not keep the serial console's text: " + e.getMessage());
            }
        }
        java.util.List<String> lines = java.util.List.of(history.split("\n", -1));
        return new ScreenText(lines.subList(Math.max(0, lines.size() - SERIAL_TAIL), lines.size()), "serial");
    }

    /** "(fsck.groovy, line 12)": the innermost line of a script (or library) in the stack. */
    static String where(Throwable t, Set<String> scriptFiles) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            for (StackTraceElement e : c.getStackTrace()) {
                String file = ScriptCompiler.fileOf(e.getFileName());
                if (file != null && scriptFiles.contains(file) && e.getLineNumber() > 0) {
                    return "(" + file + ", line " + e.getLineNumber() + ")";
                }
            }
        }
        return "";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A library named by {@code use} could not be found or compiled. */
    static final class ScriptLoadFailure extends RuntimeException {
        ScriptLoadFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Resolves, compiles (once) and binds the libraries a run uses. */
    record LibraryLoader(ScriptCompiler compiler, Path scriptDir, Session session, Set<String> scriptFiles,
                                 Map<Path, Boolean> loaded) {
        LibraryLoader(ScriptCompiler compiler, Path scriptDir, Session session, Set<String> scriptFiles) {
            this(compiler, scriptDir, session, scriptFiles, new ConcurrentHashMap<>());
        }

        RecoveryScript load(String path, String fromFile) {
            Path file = compiler.libraries().resolve(path, scriptDir)
                    .orElseThrow(() -> new ScriptLoadFailure("use '" + path + "': no such library file", null));
            if (loaded.putIfAbsent(file, true) != null) return null;
            try {
                CompiledScript lib = compiler.compile(file);
                scriptFiles.add(lib.name());
                RecoveryScript instance = lib.instantiate();
                instance.$bind(lib.name(), lib.dir());
                session.log().step("use " + path + " (" + file + ")");
                return instance;
            } catch (ScriptErrors e) {
                throw new ScriptLoadFailure("use '" + path + "': " + e.getMessage(), e);
            }
        }
    }
}
