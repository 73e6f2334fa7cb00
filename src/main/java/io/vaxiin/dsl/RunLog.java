package io.vaxiin.dsl;

/** Where a recovery says what it is doing, step by step. The engine timestamps each line. */
public interface RunLog {

    /** A step or an event of the run ("type 'y'", "rule 'screen =~ /fsck/' fired"). */
    void step(String text);

    /** Something the user should notice that does not end the run (a reconnect, a slow BMC). */
    void warn(String text);

    /** The longest line a log keeps: a step is a sentence; a script logging a huge string does not fill the disk. */
    int MAX_LINE = 4000;

    /** {@code text} cut to {@link #MAX_LINE} characters, saying how many more there were. */
    static String bounded(String text) {
        return text.length() <= MAX_LINE ? text : text.substring(0, MAX_LINE) + "… (" + (text.length() - MAX_LINE) + " more characters)";
    }
}
