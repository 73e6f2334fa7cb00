package io.vaxiin.dsl;

import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reacts to the screen once a script's body has ended: each time the screen (or the serial
 * text) changes, checks the rules in order and fires the first that holds. Each state of the
 * screen is judged once, so a rule that fired waits for the screen to change before it may fire
 * again (new serial text alone does not let a screen rule fire twice on the same screen; a rule
 * that read the serial text consumed what it judged, so it may fire again on new text); a rule
 * that fires more than its limit fails the recovery. After a rule's power action the screen is
 * judged again once the rule no longer holds on it (the error it answered is gone: the screen went
 * blank, the machine went on), or {@link #AFTER_POWER} later if it still does.
 */
public final class Reactor {

    /** After an action, how long to give the console to show its effect before judging again. */
    private static final Duration AFTER_ACTION = Duration.ofSeconds(1);

    /**
     * After a rule's power action, how long the old screen may stay up before it is judged again.
     * A BMC reports a reset done well before the console shows it (ipmi_sim and QEMU: in 50 ms,
     * while the old picture, cursor blinking, stays a few hundred ms more), so a rule would fire a
     * second time on the error it has just answered; a machine that really comes back to the same
     * screen (a diskless PC prints the same "No bootable device.") is judged again after this.
     */
    static final Duration AFTER_POWER = Duration.ofSeconds(10);

    private final Session session;
    private final Map<Rule, Integer> fires = new HashMap<>();
    /** The screen version each rule last fired on. */
    private final Map<Rule, Long> firedOnScreen = new HashMap<>();

    public Reactor(Session session) {
        this.session = session;
    }

    /**
     * Runs until a rule or step calls {@code done}/{@code fail} (a {@link RecoveryEnd} is thrown)
     * or {@code deadlineNanos} (a {@link Session#time()} value) passes.
     *
     * @throws StepFailure when the deadline passes or a rule exceeds its limit
     */
    public void react(long deadlineNanos) throws InterruptedException {
        List<Rule> rules = session.rules();
        Changes changes = new Changes(session);
        long judged = Long.MIN_VALUE;
        boolean first = true;
        while (true) {
            changes.poll();
            long version = changes.version();
            if (first || version != judged) {
                first = false;
                judged = version;
                Rule rule = firstThatHolds(rules, changes.screenVersion());
                if (rule != null) {
                    firedOnScreen.put(rule, changes.screenVersion());
                    long powerActs = session.powerActs();
                    fire(rule);
                    if (session.screen() != null && session.powerActs() != powerActs) {
                        awaitGone(changes, rule, deadlineNanos);
                    } else {
                        long left = deadlineNanos - session.time().nanoTime();
                        if (left > 0) changes.await(Duration.ofNanos(Math.min(left, AFTER_ACTION.toNanos())));
                    }
                    continue;
                }
            }
            long left = deadlineNanos - session.time().nanoTime();
            if (left <= 0) {
                throw new StepFailure("recovery" + (session.recoveryName() == null ? "" : " '" + session.recoveryName() + "'")
                        + " timed out after " + DurationExtension.describe(session.timeout())
                        + ": no rule ended it (rules: " + String.join("; ", rules.stream().map(Rule::source).toList()) + ")");
            }
            changes.await(Duration.ofNanos(left));
        }
    }

    /**
     * Waits until {@code rule} no longer holds (the machine went on, or the screen went blank), for
     * at most {@link #AFTER_POWER}, never past the deadline. Not the text the rule answered: the
     * console may have printed the error's next line while the action ran, before the reset took
     * hold ("No more network devices", then "No bootable device."), and that screen was answered too.
     */
    private void awaitGone(Changes changes, Rule rule, long deadlineNanos) throws InterruptedException {
        long until = Math.min(deadlineNanos, session.time().nanoTime() + AFTER_POWER.toNanos());
        while (holds(rule)) {
            long left = until - session.time().nanoTime();
            if (left <= 0) return;
            changes.await(Duration.ofNanos(left));
        }
    }

    /** Whether {@code rule}'s condition holds now (on serial text not yet consumed). */
    private boolean holds(Rule rule) {
        SerialView serial = session.serialView();
        if (serial == null) return DefaultTypeTransformation.castToBoolean(rule.condition().call());
        serial.freeze();
        try {
            return DefaultTypeTransformation.castToBoolean(rule.condition().call());
        } finally {
            serial.thaw();
        }
    }

    /** The serial text the rule that holds judged, when it read it: consumed once its action has run. */
    private io.vaxiin.connector.Serial.Text judged;

    /**
     * The first rule whose condition holds, all judged against the same serial text; when that
     * rule read the serial text, the text it judged is consumed after its action ran (so the
     * action still sees what the rule saw, and text that came during the action stays new).
     */
    private Rule firstThatHolds(List<Rule> rules, long screen) {
        SerialView serial = session.serialView();
        if (serial == null) {
            for (Rule rule : rules) {
                if (DefaultTypeTransformation.castToBoolean(rule.condition().call())) return rule;
            }
            return null;
        }
        serial.freeze();
        try {
            for (Rule rule : rules) {
                serial.clearRead();
                if (DefaultTypeTransformation.castToBoolean(rule.condition().call())) {
                    if (serial.wasRead()) {
                        judged = serial.snapshot();
                    } else if (Long.valueOf(screen).equals(firedOnScreen.get(rule))) {
                        continue; // it fired on this very screen: only the serial text changed since
                    } else {
                        judged = null;
                    }
                    return rule;
                }
            }
            return null;
        } finally {
            serial.thaw();
        }
    }

    private void fire(Rule rule) {
        int n = fires.merge(rule, 1, Integer::sum);
        session.noteFired(rule);
        if (n > rule.maxFires()) {
            throw new StepFailure("rule '" + rule.source() + "' (" + rule.file() + ", line " + rule.line() + ") would fire "
                    + n + " times, more than its limit of " + rule.maxFires() + " (set maxFires: to change it)");
        }
        // The file and line let a reader (and the run report) find the rule in its script.
        session.log().step("rule '" + rule.source() + "' (" + rule.file() + ", line " + rule.line() + ") fired ("
                + n + "/" + rule.maxFires() + "): " + rule.actionSource());
        io.vaxiin.connector.Serial.Text seen = judged;
        judged = null;
        try {
            rule.action().call();
        } finally {
            if (seen != null) session.serialView().consumeTo(seen, seen.end());
        }
    }
}
