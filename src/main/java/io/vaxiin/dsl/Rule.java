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
}
