package io.vaxiin.engine;

import groovy.lang.Binding;
import groovy.lang.Closure;
import io.vaxiin.dsl.RecoveryScript;
import io.vaxiin.dsl.Session;
import io.vaxiin.vision.ScreenText;
import org.codehaus.groovy.runtime.MethodClosure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Runs what a person types in the REPL, one snippet at a time, against a live session. Each
 * snippet is compiled, checked and confined as a script is; it sees the variables, helper methods
 * and libraries ({@code use}) of the snippets before it; and it runs on a worker thread that
 * {@link #cancel()} interrupts (Ctrl-C), so a long wait ends without ending the REPL.
 * Not thread-safe: one REPL evaluates one snippet at a time; only {@link #cancel()} may come from
 * another thread.
 */
public final class Snippets {

    /** The name messages give a snippet: {@code repl:1:5: …}, {@code (repl, line 1) …}. */
    public static final String NAME = "repl";

    /** How long a cancelled snippet may take to stop before the REPL goes on without it. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(1);

    /** How a snippet ended. */
    public enum Kind {
        /** It ran to its end; {@link Result#value()} is the value of its last statement (may be null). */
        VALUE,
        /** It did not compile: {@link Result#errors()} are the checker's messages, as {@code vaxiin check} gives them. */
        NOT_COMPILED,
        /** It called {@code done} or {@code fail}: {@link Result#ending()} says which and why. */
        ENDED,
        /** It stopped on an error, a failed step or an interruption: {@link Result#ending()} says what, as {@code run} would. */
        FAILED
    }

    /**
     * What one snippet did.
     *
     * @param acts       what its words did to the target or waited for, in no order
     * @param rulesAdded how many {@code when … then …} rules it registered
     */
    public record Result(Kind kind, Object value, List<ScriptError> errors, RunResult ending, Set<Session.Act> acts,
                         int rulesAdded) {

        /** The exit code this result stands for: 0 unless it failed (SPEC.md's codes). */
        public int exitCode() {
            return switch (kind) {
                case VALUE -> 0;
                case NOT_COMPILED -> 2;
                case ENDED, FAILED -> ending.exitCode();
            };
        }
    }

    private final ScriptCompiler compiler;
    private final Path dir;
    private final Map<String, Object> variables = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Binding helpers = new Binding();
    private final Set<String> scriptFiles = ConcurrentHashMap.newKeySet();
    private final Set<Session.Act> acts = Collections.synchronizedSet(EnumSet.noneOf(Session.Act.class));
    private volatile Thread worker;
    private volatile long cancelledAt;

    /**
     * @param dir the folder {@code use 'lib/…'} and {@code matches 'needles/…'} are resolved from
     */
    public Snippets(ScriptCompiler compiler, Path dir) {
        this.compiler = compiler;
        this.dir = dir.toAbsolutePath();
        scriptFiles.add(NAME);
    }

    /** Gives a session being built what the snippets share: their variables, and the observer of their acts. */
    public Session.Builder prepare(Session.Builder builder) {
        return builder.variables(variables).acts(acts::add);
    }

    /** The names of the variables kept so far, for completion. */
    public Set<String> variableNames() {
        synchronized (variables) {
            return new TreeSet<>(variables.keySet());
        }
    }

    /** The helper methods defined so far (by snippets and the libraries they used), for completion. */
    public Set<String> helperNames() {
        Set<String> names = new TreeSet<>();
        for (Object e : helpers.getVariables().entrySet()) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
            if (entry.getValue() instanceof Closure<?>) names.add(String.valueOf(entry.getKey()));
        }
        return names;
    }

    /** Interrupts the snippet that is running, if one is (Ctrl-C). */
    public void cancel() {
        Thread t = worker;
        if (t != null) {
            cancelledAt = System.nanoTime();
            t.interrupt();
        }
    }

    /**
     * Compiles and runs {@code text} against {@code session} (built with {@link #prepare}),
     * waiting for it to end, or for a second after {@link #cancel()}.
     */
    public Result eval(String text, Session session) {
        CompiledScript script;
        try {
            script = compiler.compileSnippet(NAME, text, dir, declaredTypes(), helperNames());
        } catch (ScriptErrors e) {
            return new Result(Kind.NOT_COMPILED, null, e.errors(), null, Set.of(), 0);
        }
        session.setLibraryIfAbsent(new Runner.LibraryLoader(compiler, dir, session, scriptFiles)::load);
        acts.clear();
        int rulesBefore = session.rules().size();
        AtomicReference<Result> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(runOnWorker(script, session, rulesBefore)), "repl snippet");
        t.setDaemon(true);
        cancelledAt = 0;
        worker = t;
        t.start();
        try {
            while (t.isAlive()) {
                t.join(50);
                long cancelled = cancelledAt;
                if (cancelled != 0 && t.isAlive() && System.nanoTime() - cancelled > STOP_GRACE.toNanos()) {
                    return failed("interrupted: the step did not stop within a second; it may still end in the background",
                            RunResult.Outcome.FAILED, session, rulesBefore);
                }
            }
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            return failed("interrupted", RunResult.Outcome.FAILED, session, rulesBefore);
        } finally {
            worker = null;
        }
        Result r = result.get();
        return r != null ? r : failed("the snippet ended without a result", RunResult.Outcome.FAILED, session, rulesBefore);
    }

    private Result runOnWorker(CompiledScript script, Session session, int rulesBefore) {
        Session.Scope scope = session.enter();
        try {
            RecoveryScript instance = script.instantiate();
            instance.setBinding(helpers);
            instance.$bind(script.name(), script.dir());
            Object value = instance.run();
            keepHelpers(instance);
            return new Result(Kind.VALUE, value, List.of(), null, Set.copyOf(acts), added(session, rulesBefore));
        } catch (io.vaxiin.dsl.RecoveryEnd end) {
            return new Result(Kind.ENDED, null, List.of(), Runner.ending(end, session, scriptFiles), Set.copyOf(acts),
                    added(session, rulesBefore));
        } catch (RuntimeException | io.vaxiin.dsl.RecoveryStop | StackOverflowError e) {
            RunResult ending;
            try {
                ending = Runner.ending(e, session, scriptFiles);
            } catch (RuntimeException other) {
                ending = new RunResult(RunResult.Outcome.SCRIPT_ERROR, "the snippet stopped on an error of the runtime ("
                        + other.getClass().getSimpleName() + ")", Runner.where(other, scriptFiles), ScreenText.EMPTY, null);
            }
            return new Result(Kind.FAILED, null, List.of(), ending, Set.copyOf(acts), added(session, rulesBefore));
        } catch (AssertionError e) {
            String message = String.valueOf(e.getMessage());
            int nl = message.indexOf('\n');
            return new Result(Kind.FAILED, null, List.of(), new RunResult(RunResult.Outcome.FAILED, "assertion failed: "
                    + (nl < 0 ? message : message.substring(0, nl)), Runner.where(e, scriptFiles), ScreenText.EMPTY, null),
                    Set.copyOf(acts), added(session, rulesBefore));
        } catch (Throwable e) {
            // whatever else escapes a snippet (a class a confined script cannot load) is still one line
            return new Result(Kind.FAILED, null, List.of(), new RunResult(RunResult.Outcome.SCRIPT_ERROR,
                    "the snippet stopped on an error of the runtime (" + e.getClass().getSimpleName() + ")",
                    Runner.where(e, scriptFiles), ScreenText.EMPTY, null), Set.copyOf(acts), added(session, rulesBefore));
        } finally {
            scope.close();
        }
    }

    private Result failed(String message, RunResult.Outcome outcome, Session session, int rulesBefore) {
        return new Result(Kind.FAILED, null, List.of(), new RunResult(outcome, message, "", ScreenText.EMPTY, null),
                Set.copyOf(acts), added(session, rulesBefore));
    }

    private static int added(Session session, int before) {
        return session.rules().size() - before;
    }

    /** The methods a snippet defined become helpers of the snippets after it, as a library's do. */
    private void keepHelpers(RecoveryScript instance) {
        for (Method m : instance.getClass().getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.getName().contains("$")
                    && !m.getName().equals("run") && !m.getName().equals("main")) {
                helpers.setVariable(m.getName(), new MethodClosure(instance, m.getName()));
            }
        }
    }

    /** Each variable with the type it is declared with in the next snippet: its value's, where a script may name it. */
    private Map<String, Class<?>> declaredTypes() {
        Map<String, Class<?>> types = new LinkedHashMap<>();
        synchronized (variables) {
            variables.forEach((name, value) -> types.put(name, typeOf(value)));
        }
        return types;
    }

    private static final List<Class<?>> NAMEABLE = List.of(String.class, Integer.class, Long.class, BigDecimal.class,
            Double.class, Boolean.class, Duration.class, Pattern.class, List.class, Map.class, Set.class);

    static Class<?> typeOf(Object value) {
        if (value == null) return Object.class;
        for (Class<?> c : NAMEABLE) if (c.isInstance(value)) return c;
        Class<?> c = value.getClass();
        if (c.getPackageName().equals("io.vaxiin.dsl") && Modifier.isPublic(c.getModifiers())) return c;
        return Object.class;
    }
}
