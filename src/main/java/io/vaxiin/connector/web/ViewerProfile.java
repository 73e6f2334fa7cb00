package io.vaxiin.connector.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A viewer profile ({@code lib/viewers/NAME.yaml}, or a user's own file): how to log in to one
 * family of BMC web UIs, open its HTML5 console and find the canvas the console is drawn on, and
 * how to log out. Read and checked by {@link ViewerProfiles}.
 *
 * @param name       the profile's name (the file's name without {@code .yaml})
 * @param file       where it was read from, for messages
 * @param title      what it is, for people
 * @param firmware   the firmware versions it was written for
 * @param source     the public source its steps were taken from
 * @param timeout    how long a wait step waits unless it says otherwise
 * @param acquire    whether an {@code acquire-if} step may take over a console someone else holds
 * @param loginError a CSS selector of the element the page shows when it refuses the credentials, or null
 * @param steps      the steps that open the console, the last of them {@code canvas}
 * @param logout     the steps that end the web session, run on every way out
 */
public record ViewerProfile(String name, Path file, String title, List<String> firmware, String source, Duration timeout,
                            boolean acquire, String loginError, List<Step> steps, List<Step> logout) {

    public ViewerProfile {
        firmware = List.copyOf(firmware);
        steps = List.copyOf(steps);
        logout = List.copyOf(logout);
    }

    /** The last step, which finds the canvas. */
    public Step canvas() {
        return steps.get(steps.size() - 1);
    }

    /** The words a step may start with. */
    public enum Word {
        /** Opens a path of the BMC (or a URL on the same host). */
        OPEN("open"),
        /** Types a value into a field: {@code ${user}}, {@code ${password}} or literal text. */
        FILL("fill"),
        /** Clicks an element once it is there and shown. */
        CLICK("click"),
        /** Waits for an element, a second window, or a frame. */
        WAIT("wait"),
        /** Switches to the newest window, or into a frame (or back to the top page). */
        SWITCH("switch"),
        /** Takes over a console someone else holds, only when the profile says {@code acquire: true}. */
        ACQUIRE_IF("acquire-if"),
        /** Closes a dialog (recording consent, a notice) when it appears; goes on when it does not. */
        DISMISS("dismiss"),
        /** Finds the canvas the console is drawn on: the last step. */
        CANVAS("canvas");

        public final String word;

        Word(String word) {
            this.word = word;
        }
    }

    /** What a {@code wait} or {@code switch} step is about. */
    public enum Subject { ELEMENT, WINDOW, FRAME, TOP }

    /**
     * One step.
     *
     * @param word     what it does
     * @param subject  for {@code wait} and {@code switch}: element, window, frame (or top); else ELEMENT
     * @param selector the CSS selector it acts on (for {@code open}: the path), or null
     * @param click    for {@code acquire-if} and {@code dismiss}: the button to click
     * @param value    for {@code fill}: the value, with {@code ${user}} and {@code ${password}} unexpanded
     * @param timeout  how long it waits
     * @param line     the line of the file it is on
     */
    public record Step(Word word, Subject subject, String selector, String click, String value, Duration timeout, Path file, int line) {

        /** {@code openbmc.yaml:12}. */
        public String where() {
            return file.getFileName() + ":" + line;
        }

        /** True when the value it types is the password: its text is never shown. */
        public boolean secret() {
            return value != null && value.contains("${password}");
        }

        /** The step as the log shows it: {@code fill #password (secret)}, {@code click button[type=submit]}. */
        public String describe() {
            return switch (word) {
                case FILL -> "fill " + selector + (secret() ? " (secret)" : value.equals("${user}") ? " with the user name" : " with '" + value + "'");
                case WAIT -> "wait for " + switch (subject) {
                    case ELEMENT -> "element " + selector;
                    case WINDOW -> "a new window";
                    case FRAME -> "frame " + selector;
                    case TOP -> "the top page";
                };
                case SWITCH -> "switch to " + switch (subject) {
                    case WINDOW -> "the new window";
                    case FRAME -> "frame " + selector;
                    case TOP -> "the top page";
                    case ELEMENT -> selector;
                };
                case ACQUIRE_IF, DISMISS -> word.word + " " + selector + " (click " + click + ")";
                default -> word.word + " " + selector;
            };
        }
    }
}
