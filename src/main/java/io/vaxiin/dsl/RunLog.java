package io.vaxiin.dsl;

/** Where a recovery says what it is doing, step by step. The engine timestamps each line. */
public interface RunLog {

    /** A step or an event of the run ("type 'y'", "rule 'screen =~ /fsck/' fired"). */
    void step(String text);

    /** Something the user should notice that does not end the run (a reconnect, a slow BMC). */
    void warn(String text);
}
