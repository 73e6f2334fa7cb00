package io.vaxiin.repl.recording;

import java.util.ArrayList;
import java.util.List;

/**
 * A recording read in order, into what a script can say about each step:
 * <ul>
 *   <li>an answer to a screen with text is a {@link Unit}, the seed of a rule; answers in a row
 *       on the same text (the first did not change what is read: a highlight moved in a boot
 *       menu) are one unit whose action is the sequence, the waits between them inside it, as
 *       nothing else could express them;</li>
 *   <li>an answer to a console with no text (a server that is off) cannot be a rule: it is a
 *       {@link TopStep}, with the waits between two such answers ({@code power 'off'},
 *       {@code sleep 5.seconds}, {@code power 'on'});</li>
 *   <li>every other wait is left to the rules, which wait for their screens by themselves; it is
 *       listed in {@link #droppedWaits()} so the script can say so, and the screen it passed on
 *       is kept ({@link #waitScreens()}) for telling screens apart;</li>
 *   <li>{@code done} and {@code fail} on a screen are units too (the REPL's own end is
 *       {@code done 'reached …'} naming the screen), chained like answers when the person typed
 *       them on the text the last answer left; on a blank console they cannot be rules
 *       ({@link #unplaced()});</li>
 *   <li>a {@code when … then …} the person typed is kept as written ({@link Verbatim}).</li>
 * </ul>
 */
final class Timeline {

    /**
     * An action on a screen.
     *
     * @param kind      ANSWER, DONE or FAIL
     * @param screen    the screen it answered (the first, for a chain: they are all the same)
     * @param actions   the sources, in order: one, or a chain's answers and waits
     * @param position  the index of its first step in the recording
     * @param generated true for the {@code done} the REPL added for the last screen reached
     */
    record Unit(Step.Kind kind, Seen screen, List<String> actions, int position, boolean generated) {
        Unit {
            actions = List.copyOf(actions);
        }

        /** Units with the same key answer their screens the same way. */
        String key() {
            StringBuilder b = new StringBuilder(kind + " " + screen.console() + ":");
            for (String a : actions) b.append(GroovyText.normalised(a)).append("; ");
            return b.toString();
        }
    }

    /**
     * A step run once, before the rules react.
     *
     * @param source what the person typed
     * @param late   true when it was typed after screens had been answered
     */
    record TopStep(String source, boolean late) {
    }

    /** A rule the person typed, and where in the recording. */
    record Verbatim(String source, int position) {
    }

    private final List<Unit> units = new ArrayList<>();
    private final List<TopStep> top = new ArrayList<>();
    private final List<Verbatim> rules = new ArrayList<>();
    private final List<String> droppedWaits = new ArrayList<>();
    private final List<Seen> waitScreens = new ArrayList<>();
    private final List<String> unplaced = new ArrayList<>();

    private enum Last { NOTHING, TOP, UNIT, OTHER }

    private Timeline() {
    }

    /** Reads the steps. */
    static Timeline of(List<Step> steps) {
        Timeline t = new Timeline();
        List<Step> pending = new ArrayList<>();
        Last last = Last.NOTHING;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            switch (step.kind()) {
                case WAIT -> pending.add(step);
                case RULE -> {
                    t.drop(pending);
                    t.rules.add(new Verbatim(step.source(), i));
                    last = Last.OTHER;
                }
                case ANSWER -> last = t.answer(step, i, pending, last);
                case DONE, FAIL -> {
                    t.end(step, i, pending, last);
                    last = Last.OTHER;
                }
            }
        }
        t.drop(pending);
        return t;
    }

    private Last answer(Step step, int position, List<Step> pending, Last last) {
        Seen seen = Seen.of(step);
        if (seen.blank()) {
            if (last == Last.TOP) {
                for (Step w : pending) top.add(new TopStep(w.source(), !units.isEmpty()));
                pending.clear();
            }
            drop(pending);
            top.add(new TopStep(step.source(), !units.isEmpty()));
            return Last.TOP;
        }
        if (!chain(step, seen, pending, last)) {
            drop(pending);
            units.add(new Unit(Step.Kind.ANSWER, seen, List.of(step.source()), position, false));
        }
        return Last.UNIT;
    }

    private void end(Step step, int position, List<Step> pending, Last last) {
        Seen seen = Seen.of(step);
        // a done typed on the screen the last answer left unchanged ends that answer's rule:
        // apart, the two would be one screen answered in two ways
        if (step.source() != null && !seen.blank() && chain(step, seen, pending, last)) return;
        drop(pending);
        if (seen.blank()) {
            if (step.source() != null) unplaced.add(step.source());
            return;
        }
        boolean generated = step.source() == null;
        String source = generated ? "done " + GroovyText.quote("reached " + GroovyText.shortened(seen.label(), 60)) : step.source();
        units.add(new Unit(step.kind(), seen, List.of(source), position, generated));
    }

    /**
     * Adds the step, and the waits before it, to the last unit when they all saw its text: the
     * last answer did not change what is read. The unit takes a done's or fail's kind.
     */
    private boolean chain(Step step, Seen seen, List<Step> pending, Last last) {
        Unit previous = units.isEmpty() ? null : units.get(units.size() - 1);
        if (last != Last.UNIT || !previous.screen().sameText(seen)
                || !pending.stream().allMatch(w -> Seen.of(w).sameText(seen))) {
            return false;
        }
        List<String> actions = new ArrayList<>(previous.actions());
        for (Step w : pending) actions.add(w.source());
        actions.add(step.source());
        pending.clear();
        units.set(units.size() - 1, new Unit(step.kind(), previous.screen(), actions, previous.position(), false));
        return true;
    }

    private void drop(List<Step> pending) {
        for (Step w : pending) {
            droppedWaits.add(w.source());
            Seen seen = Seen.of(w);
            if (!seen.blank()) waitScreens.add(seen);
        }
        pending.clear();
    }

    /** The actions on screens, in order. */
    List<Unit> units() {
        return List.copyOf(units);
    }

    /** The steps run once before the rules react, in order. */
    List<TopStep> top() {
        return List.copyOf(top);
    }

    /** The rules the person typed. */
    List<Verbatim> rules() {
        return List.copyOf(rules);
    }

    /** The waits the rules make unnecessary. */
    List<String> droppedWaits() {
        return List.copyOf(droppedWaits);
    }

    /** The screens those waits passed on. */
    List<Seen> waitScreens() {
        return List.copyOf(waitScreens);
    }

    /** The {@code done} and {@code fail} typed on a console with no text, which no rule can wait for. */
    List<String> unplaced() {
        return List.copyOf(unplaced);
    }
}
