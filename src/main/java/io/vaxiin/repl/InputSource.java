package io.vaxiin.repl;

import java.io.IOException;
import java.time.Duration;

/**
 * Where the REPL's input comes from: a terminal (JLine: editing, completion, history, Ctrl-C) or
 * a pipe (lines read as they come, a snippet over several lines gathered until it is complete).
 */
interface InputSource extends AutoCloseable {

    /**
     * The next input: one line, or the lines of a snippet that continues (an open brace).
     *
     * @return null at the end of the input (Ctrl-D, the pipe closed)
     */
    String read() throws IOException;

    /** True in a terminal: prompts, colours, :watch redraws in place. */
    boolean interactive();

    /** Runs {@code action} on Ctrl-C while a snippet runs (reading a line, Ctrl-C only clears it). */
    void onInterrupt(Runnable action);

    /**
     * Waits up to {@code timeout} for a key; true when one was pressed (and swallows it). Without
     * a terminal, there are no keys: it waits the whole time and says false.
     */
    boolean keyPressed(Duration timeout) throws InterruptedException;

    /** Called before :watch draws and after it ends, so a terminal can take and give back the screen. */
    default void watching(boolean on) { }

    /** The number of rows of the terminal (0 without one). */
    default int rows() { return 0; }

    @Override
    void close();
}
