package io.vaxiin.repl;

import io.vaxiin.dsl.Redactor;

import java.io.PrintWriter;

/**
 * What the REPL prints: the steps of a snippet as they happen, its value, errors, and the
 * commands' answers. In a terminal, steps are dimmed and errors red; without one (input piped
 * in), plain lines and nothing else, so a pipeline reads one result per line. Every line is
 * masked with the session's secrets before it is printed.
 */
final class Output {

    private static final String DIM = "\u001b[2m", RED = "\u001b[31m", BOLD = "\u001b[1m", RESET = "\u001b[0m";

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean colours;
    private final Redactor secrets;
    /** In a terminal, how a line is printed above the line being typed (a step that comes while the prompt is up); else null. */
    private final java.util.function.Consumer<String> above;

    /** Plain lines to {@code out} and {@code err} (input piped in). */
    Output(PrintWriter out, PrintWriter err, Redactor secrets) {
        this(out, err, false, secrets, null);
    }

    /**
     * @param colours true in a terminal
     * @param above   prints a line above the prompt, redrawing what is being typed (JLine's printAbove), or null
     */
    Output(PrintWriter out, PrintWriter err, boolean colours, Redactor secrets, java.util.function.Consumer<String> above) {
        this.out = out;
        this.err = err;
        this.colours = colours;
        this.secrets = secrets;
        this.above = above;
    }

    /** A step a word took ("type 'y'", "passed: screen =~ /login:/"). */
    void step(String text) {
        line(out, colours ? DIM + "· " + mask(text) + RESET : mask(text));
    }

    /** A warning of the session (a reconnect). */
    void warn(String text) {
        line(err, colours ? RED + "warning: " + RESET + mask(text) : "warning: " + mask(text));
    }

    /** The value of a snippet: {@code => 3}. */
    void value(String shown) {
        line(out, colours ? BOLD + "=> " + RESET + mask(shown) : "=> " + mask(shown));
    }

    /** An error: a checker's message, a failed step, a wrong command. */
    void error(String text) {
        line(err, colours ? RED + "error: " + RESET + mask(text) : "error: " + mask(text));
    }

    /** A line of a command's answer (the screen's text, help, what is connected). */
    void info(String text) {
        line(out, mask(text));
    }

    /** The raw writer, for :watch's redraws (already masked by the caller). */
    PrintWriter raw() {
        return out;
    }

    String mask(String text) {
        return secrets.mask(text);
    }

    boolean colours() {
        return colours;
    }

    private void line(PrintWriter w, String text) {
        if (above != null) {
            above.accept(text);
            return;
        }
        synchronized (w) {
            w.println(text);
            w.flush();
        }
    }
}
