package io.vaxiin.dsl;

import groovy.lang.Closure;

/**
 * A {@code when COND then ACTION} rule as registered by a script.
 *
 * @param source       the condition as written ("screen =~ /fsck/"), for the run log
 * @param condition    evaluated anew against each new screen
 * @param action       what to do when the condition holds
 * @param actionSource the action as written ("type 'y'")
 * @param maxFires     how many times it may fire before the recovery fails
 * @param file         the script file that registered it
 * @param line         the line of the {@code when}
 */
public record Rule(String source, Closure<?> condition, Closure<?> action, String actionSource,
                   int maxFires, String file, int line) {

    /** The default limit of fires of one rule: no endless power cycling. */
    public static final int DEFAULT_MAX_FIRES = 5;

    /**
     * True when the action does something to the server: anything but {@code done}, {@code fail}
     * and {@code log} (statements of a block are judged each: {@code { log 'x'; done 'y' }} does
     * not act). Watch mode starts a script only for a rule that acts: a rule that only ends the
     * recovery says the server is fine (a login prompt) or lost, not that the script can help.
     */
    public boolean acts() {
        return acts(actionSource);
    }

    /** Whether an action written as {@code source} acts (see {@link #acts()}). */
    public static boolean acts(String source) {
        String a = source == null ? "" : source.strip();
        if (a.startsWith("{") && a.endsWith("}")) a = a.substring(1, a.length() - 1);
        for (String statement : a.split("[;\\n]")) {
            String t = statement.strip();
            if (!t.isEmpty() && !t.matches("(done|fail|log)\\b.*")) return true;
        }
        return false;
    }
}
