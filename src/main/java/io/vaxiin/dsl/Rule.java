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
 * @param acts         whether the action does something to the server (types, presses, powers,
 *                     sets the boot device, calls http or a helper), decided from its code when the
 *                     script compiled: not when it only says {@code done}, {@code fail} or
 *                     {@code log}, or only looks. Watch mode starts a script only for a rule that
 *                     acts: one that only ends the recovery says the server is fine (a login
 *                     prompt) or lost, not that the script can help.
 */
public record Rule(String source, Closure<?> condition, Closure<?> action, String actionSource,
                   int maxFires, String file, int line, boolean acts) {

    /** The default limit of fires of one rule: no endless power cycling. */
    public static final int DEFAULT_MAX_FIRES = 5;
}
