package io.vaxiin.watch;

import io.vaxiin.dsl.Redactor;
import io.vaxiin.dsl.Rule;
import io.vaxiin.dsl.RunLog;
import io.vaxiin.dsl.ServerFacts;
import io.vaxiin.dsl.Session;
import io.vaxiin.engine.CompiledScript;
import io.vaxiin.engine.Probe;
import io.vaxiin.target.Target;
import io.vaxiin.vision.TextReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Looking at one server: each script's rules that act, judged on every new screen (and serial
 * text) for a while; the first script with one that holds is the one to run. Nothing is done to
 * the server: the scripts run in probe sessions ({@link Probe}), once per connection; their rules
 * are judged again on each new screen.
 */
final class Look {

    /**
     * What the look saw: the script that applies and the rule that holds; or none, and then the
     * first rule that does not act which holds at the end (a login prompt's {@code done}: the
     * server is fine), or null (no rule of any script knows this screen).
     */
    record Verdict(CompiledScript script, Rule rule, String screen, Rule passive) {
        boolean applies() { return script != null; }
    }

    private record Probed(CompiledScript script, Session session, List<Rule> rules, List<Rule> passive) {}

    private final Target target;
    private final List<Probed> probed;

    private Look(Target target, List<Probed> probed) {
        this.target = target;
        this.probed = probed;
    }

    /** Probes every script against {@code target}: the rules they register, ready to be judged on what it shows. */
    static Look probe(Target target, List<CompiledScript> scripts, ServerFacts facts, Map<String, String> params, Probe probe,
                      TextReader reader, Redactor redactor) {
        RunLog quiet = new RunLog() {
            @Override public void step(String text) { }
            @Override public void warn(String text) { }
        };
        List<Probed> probed = new ArrayList<>();
        for (CompiledScript script : scripts) {
            Session session = Session.builder().console(target.console(), reader).serial(target.serial())
                    .power(target.power()).boot(target.boot()).server(facts).params(target.params(params))
                    .log(quiet).redactor(redactor).sendHttp(false).probe(true).build();
            Probe.Rules rules = probe.rules(script, session);
            if (!rules.acting().isEmpty() || !rules.passive().isEmpty()) {
                probed.add(new Probed(script, session, rules.acting(), rules.passive()));
            }
        }
        return new Look(target, probed);
    }

    /**
     * Judges the rules on what the server shows now and on each new screen (or serial text) for
     * up to {@code window} (none: only now), until a script applies.
     */
    Verdict verdict(Duration window) throws InterruptedException {
        long deadline = System.nanoTime() + window.toNanos();
        long version = Long.MIN_VALUE;
        while (true) {
            for (Probed p : probed) {
                Rule rule = Probe.holding(p.rules(), p.session());
                if (rule != null) return new Verdict(p.script(), rule, screenText(p.session()), null);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                Rule passive = null;
                for (Probed p : probed) {
                    passive = Probe.holding(p.passive(), p.session());
                    if (passive != null) break;
                }
                return new Verdict(null, null, probed.isEmpty() ? "" : screenText(probed.get(0).session()), passive);
            }
            version = awaitChange(version, Duration.ofNanos(Math.min(left, Duration.ofSeconds(1).toNanos())));
        }
    }

    /** The version of what the server shows now (its screen's, else its serial text's). */
    long version() throws InterruptedException {
        return awaitChange(Long.MIN_VALUE, Duration.ZERO);
    }

    /** Waits up to {@code timeout} for a screen (or serial text) newer than {@code since}; returns the version then. */
    long awaitChange(long since, Duration timeout) throws InterruptedException {
        if (target.console() != null) return target.console().awaitChange(since, timeout).version();
        if (target.serial() != null) return target.serial().awaitChange(since, timeout).version();
        Thread.sleep(timeout.toMillis());
        return since;
    }

    private static String screenText(Session session) {
        Session.Scope scope = session.enter();
        try {
            if (session.screen() != null) return session.screen().now().toString();
            if (session.serialView() != null) {
                String t = session.serialView().serial().recent().text();
                return t.length() > 2000 ? t.substring(t.length() - 2000) : t;
            }
            return "";
        } catch (RuntimeException e) {
            return "";
        } finally {
            scope.close();
        }
    }
}
