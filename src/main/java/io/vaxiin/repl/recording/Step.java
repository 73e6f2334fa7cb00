package io.vaxiin.repl.recording;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One thing the person did while recording in {@code vaxiin repl}, with the console text it
 * answered.
 *
 * @param kind    what sort of thing it was
 * @param source  the Groovy text exactly as the person typed it ({@code type 'y'},
 *                {@code boot 'pxe', once: true}, possibly several lines); null only for a
 *                {@link Kind#DONE} the REPL adds itself for the last screen reached
 * @param console which console {@code seen} comes from; may be null only for a {@link Kind#RULE}
 * @param seen    the lines of text on that console when the person typed it (the screen's rows,
 *                or the serial text not judged yet split into lines); trailing spaces and blank
 *                lines at the end are fine; null is taken as no text
 * @param at      when it was typed
 */
public record Step(Kind kind, String source, Console console, List<String> seen, Instant at) {

    /** What a step did. */
    public enum Kind {
        /** An input that acted on the target: {@code type}, {@code press}, {@code power}, {@code boot}, {@code http}… */
        ANSWER,
        /** An input that only waited: {@code waitFor(/login:/)}, {@code waitStill 2.seconds}, {@code sleep 5.seconds}. */
        WAIT,
        /** The recovery is over and succeeded: the person's {@code done 'booted'}, or the last screen reached. */
        DONE,
        /** The recovery is over and failed: the person's {@code fail 'why'}. */
        FAIL,
        /** A {@code when … then …} line the person typed; it goes into the script as written. */
        RULE
    }

    /** The console a step's text was read from; a rule about it reads {@code screen} or {@code serial}. */
    public enum Console {
        /** The KVM console's screen. */
        SCREEN,
        /** The serial console. */
        SERIAL
    }

    /** Checks the step at once, so a REPL bug shows where the step is made, not at {@code :save}. */
    public Step {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        if (source == null && kind != Kind.DONE) {
            throw new IllegalArgumentException(kind + " needs the source the person typed (only DONE may have none)");
        }
        if (source != null && source.isBlank()) {
            throw new IllegalArgumentException(kind + " has a blank source");
        }
        if (console == null && kind != Kind.RULE) {
            throw new IllegalArgumentException(kind + " needs the console its text was read from");
        }
        // a null line would only be a REPL slip; it reads as an empty row
        seen = seen == null ? List.of() : seen.stream().map(line -> line == null ? "" : line).toList();
    }
}
