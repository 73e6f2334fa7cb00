package io.vaxiin.repl.recording;

import io.vaxiin.repl.recording.LinePattern.Atom;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the regex of a kind of screen: one that every screen of the kind matches (the
 * positives) and no other screen of the recording does (the negatives), as short and readable
 * as that allows. Tried in this order, the first that works wins:
 * <ol>
 *   <li>The end of the screens, where the question is. The last row of each positive is
 *       generalised ({@link LinePattern}); their longest common suffix is taken (a partial word
 *       at its left edge is dropped: {@code ear<y>?} of {@code Clear}/{@code Fear} becomes
 *       {@code <y>?}); of its suffixes that start at a whole word (or exactly at the start of the
 *       common part), the shortest {@link LinePattern#nontrivial} one that, followed by
 *       {@code \s*$}, tells the screens apart wins. If none does, the same is tried on the last
 *       two rows, then three, four: {@code Fix<y>?} alone on its row is told from
 *       {@code … 0.  Fix<y>?} by starting its row, a question by the line above it.</li>
 *   <li>An alternation of each prompt line's own distinctive tail, when the positives end with
 *       different questions answered the same way.</li>
 *   <li>A row every positive shows and no negative does, wherever it is ({@code (?m)}): for
 *       screens whose ends are all alike (a menu whose highlighted entry moved).</li>
 * </ol>
 * A negative that was only waited on (not answered) is dropped again when keeping it leaves no
 * pattern: it was seen, but nothing says a rule must not fire there.
 */
final class Distinguish {

    private Distinguish() {
    }

    /**
     * A kind's regex.
     *
     * @param regex    the regex, readable in a slashy string as it is
     * @param distinct false when nothing tells the positives from every negative: the regex is the
     *                 whole prompt line, and the script says so
     */
    record Choice(String regex, boolean distinct) {
    }

    /** How many rows from the bottom a question may need to be told apart. */
    static final int MAX_ROWS = 4;

    /** How many rows from the bottom are searched for a row the kind shows and no other screen does. */
    private static final int SHARED_ROWS = 100;

    /**
     * The regex for {@code positives}: not found in {@code negatives} (other kinds' screens),
     * nor if possible in {@code waited} (screens only waited on).
     */
    static Choice of(List<Seen> positives, List<Seen> negatives, List<Seen> waited) {
        if (positives.isEmpty()) throw new IllegalArgumentException("a kind of screen needs at least one screen");
        List<Seen> all = new ArrayList<>(negatives);
        all.addAll(waited);
        Optional<String> found = find(positives, all);
        if (found.isEmpty() && !waited.isEmpty()) found = find(positives, negatives);
        return found.map(re -> new Choice(re, true)).orElseGet(() -> new Choice(wholePrompts(positives), false));
    }

    private static Optional<String> find(List<Seen> positives, List<Seen> negatives) {
        return suffix(positives, negatives).map(tail -> tail + LinePattern.END)
                .or(() -> alternation(positives, negatives))
                .or(() -> sharedRow(positives, negatives));
    }

    /** The shortest distinctive tail common to the positives, without the end anchor. */
    private static Optional<String> suffix(List<Seen> positives, List<Seen> negatives) {
        Set<String> tried = new HashSet<>();
        for (int rows = 1; rows <= MAX_ROWS; rows++) {
            int n = rows;
            List<Atom> common = commonSuffix(positives.stream().map(s -> s.tail(n)).distinct().toList());
            for (List<Atom> candidate : candidates(common)) {
                String tail = LinePattern.regex(candidate);
                if (tried.add(tail) && passes(tail + LinePattern.END, positives, negatives)) return Optional.of(tail);
            }
        }
        return Optional.empty();
    }

    /** {@code (?:tail1|tail2)\s*$}, each prompt line's own distinctive tail; when there are several prompt lines. */
    private static Optional<String> alternation(List<Seen> positives, List<Seen> negatives) {
        Map<String, List<Seen>> byPrompt = new LinkedHashMap<>();
        for (Seen s : positives) byPrompt.computeIfAbsent(LinePattern.regex(s.tail(1)), k -> new ArrayList<>()).add(s);
        if (byPrompt.size() < 2) return Optional.empty();
        Set<String> tails = new LinkedHashSet<>();
        for (List<Seen> same : byPrompt.values()) {
            Optional<String> tail = suffix(same, negatives);
            if (tail.isEmpty()) return Optional.empty();
            tails.add(tail.get());
        }
        String regex = "(?:" + String.join("|", tails) + ")" + LinePattern.END;
        return passes(regex, positives, negatives) ? Optional.of(regex) : Optional.empty();
    }

    /** {@code (?m)…\s*$} for the shortest tail of a row all positives show and no negative matches. */
    private static Optional<String> sharedRow(List<Seen> positives, List<Seen> negatives) {
        Seen first = positives.get(0);
        Set<String> shared = new HashSet<>(first.key());
        for (Seen s : positives) shared.retainAll(new HashSet<>(s.key()));
        String best = null;
        List<String> rows = first.rows();
        for (int r = rows.size() - 1; r >= Math.max(0, rows.size() - SHARED_ROWS); r--) {
            if (rows.get(r).isBlank() || !shared.contains(first.key().get(r))) continue;
            List<Atom> atoms = new ArrayList<>();
            atoms.add(LinePattern.BOL);
            atoms.addAll(LinePattern.atoms(rows.get(r)));
            for (List<Atom> candidate : candidates(atoms)) {
                String regex = "(?m)" + LinePattern.regex(candidate) + LinePattern.END;
                if (passes(regex, positives, negatives)) {
                    if (best == null || regex.length() < best.length()) best = regex;
                    break;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The last resort: the whole prompt lines, when nothing tells the kind apart. */
    private static String wholePrompts(List<Seen> positives) {
        Set<String> lines = new LinkedHashSet<>();
        for (Seen s : positives) lines.add(LinePattern.regex(LinePattern.atoms(s.prompt())));
        return (lines.size() == 1 ? lines.iterator().next() : "(?:" + String.join("|", lines) + ")") + LinePattern.END;
    }

    /**
     * The atoms all the tails end with; a partial word at its left edge and the spaces before
     * its first word are left out.
     */
    static List<Atom> commonSuffix(List<List<Atom>> tails) {
        int shortest = tails.stream().mapToInt(List::size).min().orElse(0);
        int len = 0;
        while (len < shortest && sameAtEnd(tails, len)) len++;
        int common = len;
        List<Atom> first = tails.get(0);
        List<Atom> suffix = first.subList(first.size() - common, first.size());
        int cut = 0;
        boolean partial = !suffix.isEmpty() && suffix.get(0).wordChar()
                && tails.stream().anyMatch(t -> t.size() > common && t.get(t.size() - common - 1).wordChar());
        if (partial) {
            while (cut < suffix.size() && suffix.get(cut).wordChar()) cut++;
        }
        while (cut < suffix.size() && suffix.get(cut).type() == LinePattern.Type.SPACE) cut++;
        return suffix.subList(cut, suffix.size());
    }

    private static boolean sameAtEnd(List<List<Atom>> tails, int fromEnd) {
        Atom a = tails.get(0).get(tails.get(0).size() - 1 - fromEnd);
        return tails.stream().allMatch(t -> t.get(t.size() - 1 - fromEnd).equals(a));
    }

    /**
     * The suffixes of {@code atoms} a rule may use, shortest first: those that start at a word
     * (after a space or a row start), at a row start itself ("starts its line"), or at the very
     * start of {@code atoms}, and are {@link LinePattern#nontrivial}.
     */
    static List<List<Atom>> candidates(List<Atom> atoms) {
        List<List<Atom>> out = new ArrayList<>();
        for (int s = atoms.size() - 1; s >= 0; s--) {
            LinePattern.Type type = atoms.get(s).type();
            LinePattern.Type before = s == 0 ? null : atoms.get(s - 1).type();
            boolean start = type == LinePattern.Type.BOL || type != LinePattern.Type.SPACE
                    && (before == null || before == LinePattern.Type.SPACE || before == LinePattern.Type.BOL);
            List<Atom> candidate = atoms.subList(s, atoms.size());
            if (start && LinePattern.nontrivial(candidate)) out.add(candidate);
        }
        return out;
    }

    /** True when every positive's text holds the regex and no negative's does. */
    static boolean passes(String regex, List<Seen> positives, List<Seen> negatives) {
        Pattern p = Pattern.compile(regex);
        return positives.stream().allMatch(s -> p.matcher(s.text()).find())
                && negatives.stream().noneMatch(s -> p.matcher(s.text()).find());
    }
}
