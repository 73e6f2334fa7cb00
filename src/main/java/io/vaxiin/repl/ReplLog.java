package io.vaxiin.repl;

import io.vaxiin.dsl.Redactor;
import io.vaxiin.dsl.RunLog;
import io.vaxiin.engine.PrintRunLog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The REPL's log: each step a word takes is shown as it happens (without a timestamp: the person
 * is watching), and written with its timestamp to {@code run.log}, with what was typed, so a
 * session at 3 a.m. leaves a record. Masked with the session's secrets, as a run's log is.
 */
final class ReplLog implements RunLog, AutoCloseable {

    private final Output out;
    private final PrintRunLog file;

    private ReplLog(Output out, PrintRunLog file) {
        this.out = out;
        this.file = file;
    }

    static ReplLog open(Path logFile, Output out, Redactor secrets) throws IOException {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        return new ReplLog(out, new PrintRunLog(nowhere, logFile, Clock.systemDefaultZone(), secrets));
    }

    @Override
    public void step(String text) {
        out.step(text);
        file.step(text);
    }

    @Override
    public void warn(String text) {
        out.warn(text);
        file.warn(text);
    }

    /** What the person typed, for the log file only. */
    void input(String text) {
        file.step("repl> " + text.replace("\n", "\n      "));
    }

    /** A line for the log file only (what a command did). */
    void note(String text) {
        file.step(text);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
