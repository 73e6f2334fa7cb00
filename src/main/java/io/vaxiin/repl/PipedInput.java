package io.vaxiin.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;

/**
 * Input piped in (a script, a test, a CI job): no prompt, no editing. A snippet that continues
 * over several lines (an open brace, a trailing {@code then}) is gathered until
 * {@link InputCompleteness} says it is complete, as a terminal would show a continuation prompt.
 */
final class PipedInput implements InputSource {

    private final BufferedReader in;

    PipedInput(BufferedReader in) {
        this.in = in;
    }

    @Override
    public String read() throws IOException {
        String line = in.readLine();
        if (line == null) return null;
        StringBuilder text = new StringBuilder(line);
        while (!InputCompleteness.complete(text.toString())) {
            String more = in.readLine();
            if (more == null) break; // the end of the input ends the snippet: the checker says what is missing
            text.append('\n').append(more);
        }
        return text.toString();
    }

    @Override public boolean interactive() { return false; }

    @Override public void onInterrupt(Runnable action) {
        // A pipeline's Ctrl-C (SIGINT) ends the process, as for any filter; the shutdown hook closes the target.
    }

    @Override
    public boolean keyPressed(Duration timeout) throws InterruptedException {
        Thread.sleep(Math.max(0, timeout.toMillis()));
        return false;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to keep
        }
    }
}
