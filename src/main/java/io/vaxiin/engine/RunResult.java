package io.vaxiin.engine;

import io.vaxiin.vision.ScreenText;

import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param outcome    what kind of end
 * @param message    one line: the reason given to {@code done}/{@code fail}, or what went wrong
 * @param location   "(fsck.groovy, line 12)" when a line of a script is to blame, else empty
 * @param lastScreen the text on the screen when it ended (empty without a console)
 * @param evidence   the PNG of the last screen, saved on failure (null otherwise)
 */
public record RunResult(Outcome outcome, String message, String location, ScreenText lastScreen, Path evidence) {

    /** The kinds of end, each with its exit code (SPEC.md). */
    public enum Outcome {
        RECOVERED(0), FAILED(1), SCRIPT_ERROR(2), UNREACHABLE(3);

        private final int exitCode;

        Outcome(int exitCode) { this.exitCode = exitCode; }

        public int exitCode() { return exitCode; }
    }

    public int exitCode() {
        return outcome.exitCode();
    }

    /** The one line a person reads: "(fsck.groovy, line 12) condition did not pass …". */
    public String headline() {
        return location.isEmpty() ? message : location + " " + message;
    }
}
