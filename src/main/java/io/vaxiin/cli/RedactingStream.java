package io.vaxiin.cli;

import io.vaxiin.dsl.Redactor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A terminal stream that hides the run's secrets: whatever Vaxiin prints (a step, an error, a
 * stack trace with {@code --debug}) is held until its line ends and written with every secret
 * replaced by {@code ****}.
 */
final class RedactingStream extends OutputStream {

    private final OutputStream out;
    private final Redactor redactor;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private RedactingStream(OutputStream out, Redactor redactor) {
        this.out = out;
        this.redactor = redactor;
    }

    /** A print stream over {@code out} that masks {@code redactor}'s secrets. */
    static PrintStream over(OutputStream out, Redactor redactor) {
        return new PrintStream(new RedactingStream(out, redactor), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') emit();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            line.write(b[i]);
            if (b[i] == '\n') emit();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
    }

    private void emit() throws IOException {
        if (line.size() == 0) return;
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        out.write(redactor.mask(text).getBytes(StandardCharsets.UTF_8));
    }
}
