package io.vaxiin.engine;

import groovy.lang.Binding;
import io.vaxiin.dsl.ProbeEnd;
import io.vaxiin.dsl.RecoveryEnd;
import io.vaxiin.dsl.RecoveryScript;
import io.vaxiin.dsl.RecoveryStop;
import io.vaxiin.dsl.Rule;
import io.vaxiin.dsl.Session;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a script applies to a server now, without doing anything to it: the script's body runs
 * in a probe session ({@link Session.Builder#probe}) until its first word that would act, wait or
 * write, and the rules it registered by then (its own and its libraries') are judged on the
 * screen and serial text the session shows. A script applies when one of its rules that
 * {@linkplain Rule#acts() acts} holds: a rule that only ends the recovery ({@code done},
 * {@code fail}) says the server is fine, or lost, not that this script can help.
 */
public final class Probe {

    private final ScriptCompiler compiler;

    public Probe(ScriptCompiler compiler) {
        this.compiler = compiler;
    }

    /**
     * What probing a script found: its rules that act, those that do not (they only end the
     * recovery: {@code when atLoginPrompt() then done …}), and where its body stopped ("before 'power'", "at its end").
     */
    public record Rules(List<Rule> acting, List<Rule> passive, String stoppedAt) {}

    /** The rules {@code script} registers before its first act, those that act. {@code session} must be a probe. */
    public Rules rules(CompiledScript script, Session session) {
        if (!session.probing()) throw new IllegalArgumentException("a probe needs a probe session (Session.Builder.probe)");
        Set<String> scriptFiles = ConcurrentHashMap.newKeySet();
        scriptFiles.add(script.name());
        String stopped = "at its end";
        Session.Scope scope = session.enter();
        try {
            RecoveryScript instance = script.instantiate();
            instance.setBinding(new Binding());
            instance.$bind(script.name(), script.dir());
            session.setLibraryIfAbsent(new Runner.LibraryLoader(compiler, script.dir(), session, scriptFiles)::load);
            instance.run();
        } catch (ProbeEnd e) {
            stopped = "before '" + e.word() + "'";
        } catch (RecoveryEnd e) {
            stopped = "at " + (e.recovered() ? "done" : "fail");
        } catch (RuntimeException | RecoveryStop | StackOverflowError e) {
            stopped = "on an error (" + e.getMessage() + ")";
        } finally {
            scope.close();
        }
        return new Rules(session.rules().stream().filter(Rule::acts).toList(),
                session.rules().stream().filter(r -> !r.acts()).toList(), stopped);
    }

    /**
     * The first of {@code rules} whose condition holds on what {@code session} shows now, or null.
     * A condition that cannot be judged (the screen cannot be read, a needle is missing) does not hold.
     */
    public static Rule holding(List<Rule> rules, Session session) {
        Session.Scope scope = session.enter();
        try {
            for (Rule rule : rules) {
                try {
                    if (DefaultTypeTransformation.castToBoolean(rule.condition().call())) return rule;
                } catch (RuntimeException e) {
                    // not judged: not holding
                }
            }
            return null;
        } finally {
            scope.close();
        }
    }
}
