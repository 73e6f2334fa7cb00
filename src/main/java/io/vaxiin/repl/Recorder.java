package io.vaxiin.repl;

import io.vaxiin.connector.Serial;
import io.vaxiin.dsl.Session;
import io.vaxiin.engine.Snippets;
import io.vaxiin.repl.recording.Recording;
import io.vaxiin.repl.recording.Step;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code :record}: keeps each snippet that acted on the target with the console text it answered
 * (an answer), each that only waited (a wait), a typed {@code done} or {@code fail}, and typed
 * rules, in a {@link Recording} that {@code :save} turns into a script. Snippets that only looked
 * ({@code screen.line(3)}, {@code 1 + 1}) are not kept.
 */
final class Recorder {

    /** The most serial lines a step keeps: what the person could see above the prompt. */
    private static final int SERIAL_LINES = 50;

    private final Clock clock;
    private Recording recording;
    /** Where the serial text a step saw begins: after what the step before it saw. */
    private long serialMark = Long.MIN_VALUE;

    Recorder(Clock clock) {
        this.clock = clock;
    }

    /** What the console showed at one moment, as a step keeps it. */
    record Seen(Step.Console console, List<String> lines) {}

    boolean on() {
        return recording != null;
    }

    /** Starts a new recording on {@code where}; false when one is already on. */
    boolean start(String where) {
        if (recording != null) return false;
        recording = new Recording(where, clock.instant());
        serialMark = Long.MIN_VALUE;
        return true;
    }

    /** Stops recording and forgets what was recorded (after :save, or to start again). */
    void stop() {
        recording = null;
    }

    Optional<Recording> recording() {
        return Optional.ofNullable(recording);
    }

    /** Drops the last step. */
    Optional<Step> undo() {
        return recording == null ? Optional.empty() : recording.undo();
    }

    /** What the console shows now: the screen's rows, or (without a KVM console) the serial text since the last step. */
    Seen look(Session session, boolean serial) {
        if (!serial && session.screen() != null) {
            return new Seen(Step.Console.SCREEN, List.copyOf(session.screen().now().getLines()));
        }
        if (session.serialView() == null) return new Seen(Step.Console.SCREEN, List.of());
        Serial.Text t = session.serialView().serial().recent();
        List<String> lines = Arrays.asList(t.since(serialMark).split("\n", -1));
        return new Seen(Step.Console.SERIAL, List.copyOf(lines.subList(Math.max(0, lines.size() - SERIAL_LINES), lines.size())));
    }

    /**
     * Keeps what a snippet did, if it acted, waited, ended the recovery or added a rule.
     *
     * @param before the console before it ran (what an answer answered)
     * @param after  the console after it ran (what a wait waited for)
     * @return the step kept, or empty when the snippet only looked
     */
    Optional<Step> note(String source, Snippets.Result result, Seen before, java.util.function.Supplier<Seen> after,
                        Session session) {
        if (recording == null || result.kind() == Snippets.Kind.NOT_COMPILED) return Optional.empty();
        Step.Kind kind;
        Seen seen = before;
        if (result.rulesAdded() > 0) {
            kind = Step.Kind.RULE;
        } else if (result.kind() == Snippets.Kind.ENDED) {
            kind = result.ending().exitCode() == 0 ? Step.Kind.DONE : Step.Kind.FAIL;
        } else if (result.acts().stream().anyMatch(a -> a != Session.Act.WAIT)) {
            kind = Step.Kind.ANSWER;
            if (result.acts().contains(Session.Act.SERIAL_KEYS) && before.console() != Step.Console.SERIAL) {
                seen = look(session, true); // it answered the serial console, whatever the screen showed
            }
        } else if (result.acts().contains(Session.Act.WAIT) && result.kind() == Snippets.Kind.VALUE) {
            kind = Step.Kind.WAIT;
            seen = after.get();
        } else {
            return Optional.empty();
        }
        Step step = new Step(kind, source.strip(), seen.console(), new ArrayList<>(seen.lines()), clock.instant());
        recording.add(step);
        if (session.serialView() != null) serialMark = session.serialView().serial().recent().end();
        return Optional.of(step);
    }
}
