package io.vaxiin.repl.recording;

import java.util.ArrayList;
import java.util.List;

/**
 * The console text a step answered, read the way a rule will read it.
 *
 * @param console the console it was on
 * @param text    the lines joined with {@code \n}, as given: what {@code screen =~ /re/} (or
 *                {@code serial =~}) finds in, so patterns are checked against it
 * @param rows    the lines without trailing whitespace and without the blank lines at the end
 * @param key     each row generalised ({@link LinePattern}): two screens with the same key differ
 *                only in numbers, names and spacing, and no rule written here tells them apart
 */
record Seen(Step.Console console, String text, List<String> rows, List<String> key) {

    Seen {
        rows = List.copyOf(rows);
        key = List.copyOf(key);
    }

    /** The text of a step. */
    static Seen of(Step step) {
        String text = String.join("\n", step.seen());
        List<String> rows = new ArrayList<>();
        // a line given with a newline inside is two rows on the console
        for (String line : text.split("\n", -1)) rows.add(line.stripTrailing());
        while (!rows.isEmpty() && rows.get(rows.size() - 1).isEmpty()) rows.remove(rows.size() - 1);
        List<String> key = rows.stream().map(r -> LinePattern.regex(LinePattern.atoms(r))).toList();
        return new Seen(step.console(), text, rows, key);
    }

    /** True when the console showed no text at all (a server that is off, a quiet serial line). */
    boolean blank() {
        return rows.isEmpty();
    }

    /** The prompt line: the last row with text, stripped; empty for a blank console. */
    String prompt() {
        return rows.isEmpty() ? "" : rows.get(rows.size() - 1).strip();
    }

    /**
     * The screen named for a person: its last row with a letter or digit (a box's border under a
     * question says nothing), spaces collapsed; empty for a blank console.
     */
    String label() {
        for (int r = rows.size() - 1; r >= 0; r--) {
            String row = rows.get(r);
            if (row.codePoints().anyMatch(Character::isLetterOrDigit)) return row.strip().replaceAll("\\s+", " ");
        }
        return prompt();
    }

    /** The last {@code n} rows with text, as atoms ({@link LinePattern#tail}). */
    List<LinePattern.Atom> tail(int n) {
        return LinePattern.tail(rows, n);
    }

    /** True when the two show the same text, row for row (trailing spaces aside). */
    boolean sameText(Seen other) {
        return console == other.console && rows.equals(other.rows);
    }
}
