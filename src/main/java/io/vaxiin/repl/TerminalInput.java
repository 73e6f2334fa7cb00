package io.vaxiin.repl;

import io.vaxiin.dsl.Redactor;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The REPL in a terminal, on JLine: line editing, Tab completion ({@link ReplCompleter}), a
 * snippet over several lines while it is incomplete ({@link ReplParser}), history kept across
 * sessions without secrets ({@link ReplHistory}); Ctrl-C clears the line being typed, or stops
 * the running snippet; Ctrl-D leaves.
 */
final class TerminalInput implements InputSource {

    private static final String PROMPT = "vaxiin> ";

    private final Terminal terminal;
    private final LineReader reader;
    private final AtomicReference<Completer> completer = new AtomicReference<>((r, line, candidates) -> { });
    private Attributes beforeWatch;

    private TerminalInput(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
    }

    static TerminalInput open(Repl.Settings settings, Redactor secrets) {
        try {
            Terminal terminal = TerminalBuilder.builder().system(true).name("vaxiin").build();
            TerminalInput[] self = new TerminalInput[1];
            org.jline.reader.History history;
            try {
                history = new ReplHistory(settings.history(), secrets::holds);
            } catch (UncheckedIOException e) {
                // a home folder that cannot be written: work on without a history across sessions
                terminal.writer().println("warning: no history across sessions (" + e.getMessage() + ")");
                history = new org.jline.reader.impl.history.DefaultHistory();
            }
            LineReader reader = ReplInput.builder(terminal,
                    (r, line, candidates) -> self[0].completer.get().complete(r, line, candidates), history).build();
            self[0] = new TerminalInput(terminal, reader);
            return self[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal", e);
        }
    }

    /** Completion from these sources, from now on. */
    void complete(ReplCompleter.Sources sources) {
        completer.set(new ReplCompleter(sources));
    }

    /** Prints a line above the prompt when one is up (a step of the sandbox while the person types), else as a plain line. */
    void printAbove(String line) {
        reader.printAbove(line);
    }

    PrintWriter writer() {
        return terminal.writer();
    }

    @Override
    public String read() {
        while (true) {
            try {
                return reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                // Ctrl-C while typing: the line is dropped, the REPL goes on
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    @Override public boolean interactive() { return true; }

    @Override
    public void onInterrupt(Runnable action) {
        terminal.handle(Terminal.Signal.INT, signal -> action.run());
    }

    @Override
    public boolean keyPressed(Duration timeout) throws InterruptedException {
        try {
            NonBlockingReader in = terminal.reader();
            int c = in.read(Math.max(1, timeout.toMillis()));
            return c >= 0 || c == NonBlockingReader.EOF;
        } catch (IOException e) {
            return true; // the terminal is gone: stop watching
        }
    }

    @Override
    public void watching(boolean on) {
        // the terminal's alternate screen, as less and top use: leaving it gives back what was above the prompt
        if (on) {
            beforeWatch = terminal.enterRawMode();
            terminal.writer().print("\u001b[?1049h");
            terminal.writer().flush();
        } else if (beforeWatch != null) {
            terminal.writer().print("\u001b[?1049l");
            terminal.writer().flush();
            terminal.setAttributes(beforeWatch);
            beforeWatch = null;
        }
    }

    @Override
    public int rows() {
        return terminal.getHeight();
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (IOException | RuntimeException e) {
            // a history that cannot be saved is not worth an error on the way out
        }
        try {
            terminal.close();
        } catch (IOException e) {
            // nothing to keep
        }
    }
}
