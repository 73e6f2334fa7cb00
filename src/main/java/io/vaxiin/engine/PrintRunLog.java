package io.vaxiin.engine;

import io.vaxiin.dsl.Redactor;
import io.vaxiin.dsl.RunLog;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The run log: each step with a timestamp, to the terminal and to {@code run.log} in the run's
 * output folder. Words log what they do, not what credentials they use; and every line is masked
 * with the run's secrets before it goes anywhere.
 */
public final class PrintRunLog implements RunLog, AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintStream out;
    private final Clock clock;
    private final Writer file;
    private final Redactor redactor;

    /**
     * @param out     where lines go live (the terminal)
     * @param logFile also written here, created with its folder; null for none
     */
    public PrintRunLog(PrintStream out, Path logFile, Clock clock) throws IOException {
        this(out, logFile, clock, new Redactor());
    }

    /**
     * @param redactor the run's secrets: every line is masked with them before it is printed or written
     */
    public PrintRunLog(PrintStream out, Path logFile, Clock clock, Redactor redactor) throws IOException {
        this.out = out;
        this.clock = clock;
        this.redactor = redactor;
        if (logFile != null) {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            this.file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } else {
            this.file = null;
        }
    }

    @Override
    public void step(String text) {
        line("", text);
    }

    @Override
    public void warn(String text) {
        line("WARN ", text);
    }

    private synchronized void line(String level, String text) {
        String stamp = LocalTime.ofInstant(clock.instant(), ZoneId.systemDefault()).format(TIME);
        String line = stamp + "  " + level + RunLog.bounded(redactor.mask(text));
        out.println(line);
        out.flush();
        if (file != null) {
            try {
                file.write(line);
                file.write(System.lineSeparator());
                file.flush();
            } catch (IOException e) {
                out.println(stamp + "  WARN cannot write the run log file: " + e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (file != null) file.close();
    }
}
