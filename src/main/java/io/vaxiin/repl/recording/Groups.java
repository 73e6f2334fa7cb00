package io.vaxiin.repl.recording;

import io.vaxiin.repl.recording.Timeline.Unit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the units answered the same way into kinds of screen, one rule each, and settles
 * screens answered in two ways: no rule written here can tell two screens apart that differ
 * only in numbers and names ({@link Seen#key()}), so such a screen stays with the kind that
 * answered it more often (the first, on a tie), and the script says what was left out.
 */
final class Groups {

    private Groups() {
    }

    /**
     * A kind of screen: the screens answered with one action.
     *
     * @param units the answers, in order (a chain is one)
     * @param notes what the script should say above the rule (the answers left out)
     */
    record Group(List<Unit> units, List<String> notes) {
        Group {
            units = List.copyOf(units);
            notes = List.copyOf(notes);
        }

        /** The first answer: its kind, console, action and position stand for the group's. */
        Unit first() {
            return units.get(0);
        }

        /** The screens of the kind. */
        List<Seen> screens() {
            return units.stream().map(Unit::screen).toList();
        }
    }

    /** The groups, in the order their kind was first answered; ends (DONE) included. */
    static List<Group> of(List<Unit> units) {
        Map<String, List<Unit>> byKey = new LinkedHashMap<>();
        for (Unit u : units) byKey.computeIfAbsent(u.key(), k -> new ArrayList<>()).add(u);
        List<List<Unit>> groups = new ArrayList<>(byKey.values());
        List<List<String>> notes = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) notes.add(new ArrayList<>());
        for (int i = 0; i < groups.size(); i++) {
            for (int j = i + 1; j < groups.size(); j++) {
                settle(groups, notes, i, j);
            }
        }
        List<Group> out = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            if (!groups.get(i).isEmpty()) out.add(new Group(groups.get(i), notes.get(i)));
        }
        return out;
    }

    /** Gives the screens groups {@code i} and {@code j} share to the one that answered more of its screens. */
    private static void settle(List<List<Unit>> groups, List<List<String>> notes, int i, int j) {
        List<Unit> a = groups.get(i);
        List<Unit> b = groups.get(j);
        if (a.isEmpty() || b.isEmpty() || a.get(0).screen().console() != b.get(0).screen().console()) return;
        Set<List<String>> keysA = keys(a);
        Set<List<String>> keysB = keys(b);
        if (keysA.stream().noneMatch(keysB::contains)) return;
        boolean aWins = a.size() >= b.size();
        List<Unit> winner = aWins ? a : b;
        List<Unit> loser = aWins ? b : a;
        Set<List<String>> winnerKeys = aWins ? keysA : keysB;
        List<Unit> lost = loser.stream().filter(u -> winnerKeys.contains(u.screen().key())).toList();
        Unit shared = lost.get(0);
        String prompt = GroovyText.shortened(shared.screen().label(), 60);
        String kept = action(winner.get(0));
        if (shared.generated()) {
            notes.get(aWins ? i : j).add("The recording ended on a screen answered here (\"" + prompt + "\"), so no done"
                    + " rule was written for it: add one for the screen that means the server is recovered.");
        } else {
            notes.get(aWins ? i : j).add("The same screen, numbers and names aside (\"" + prompt + "\"), was answered with "
                    + kept + " " + times(winner.size()) + " and with " + action(shared) + " " + times(lost.size())
                    + ": the rule keeps " + kept + ", the " + (winner.size() > loser.size() ? "more frequent." : "first answered."));
        }
        loser.removeAll(lost);
    }

    private static Set<List<String>> keys(List<Unit> units) {
        Set<List<String>> keys = new HashSet<>();
        for (Unit u : units) keys.add(u.screen().key());
        return keys;
    }

    /** An action for a sentence: its sources on one line. */
    static String action(Unit u) {
        return GroovyText.oneLine(String.join("; ", u.actions().stream().map(String::strip).toList()));
    }

    /** "1 time", "3 times". */
    static String times(int n) {
        return n + (n == 1 ? " time" : " times");
    }
}
