package io.vaxiin.watch;

import io.vaxiin.connector.TimeSource;
import io.vaxiin.dsl.Redactor;
import io.vaxiin.dsl.RunLog;
import io.vaxiin.dsl.ServerFacts;
import io.vaxiin.dsl.Session;
import io.vaxiin.engine.CompiledScript;
import io.vaxiin.engine.PrintRunLog;
import io.vaxiin.engine.RunResult;
import io.vaxiin.engine.Runner;
import io.vaxiin.engine.ScriptCompiler;
import io.vaxiin.recording.Recorders;
import io.vaxiin.recording.RecordingWriter;
import io.vaxiin.report.ReportInput;
import io.vaxiin.report.RunReport;
import io.vaxiin.target.Target;
import io.vaxiin.vision.ConsoleReader;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * One recovery of watch mode: a script run against a server whose target is already open, as
 * {@code vaxiin run} runs it: its own folder with {@code run.log}, the last screen when it fails
 * and {@code report.html}. Every line of its log also goes to {@code also} (the audit log and
 * the watch's output).
 */
final class Recovery {

    private Recovery() {}

    /** How it ended, and where its files are. */
    record Ended(RunResult result, Path folder) {}

    static Ended run(CompiledScript script, List<String> lines, Target target, ServerFacts facts, Map<String, String> params,
                     Path folder, ScriptCompiler compiler, Redactor redactor, RunLog also,
                     io.vaxiin.vision.FontLibrary fonts) throws IOException {
        Files.createDirectories(folder);
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
        try (PrintRunLog file = new PrintRunLog(nowhere, folder.resolve("run.log"), Clock.systemDefaultZone(), redactor);
             ConsoleReader reader = new ConsoleReader(fonts);
             ConsoleReader recordingReader = new ConsoleReader(fonts)) {
            RunLog log = new RunLog() {
                @Override public void step(String text) { file.step(text); also.step(text); }
                @Override public void warn(String text) { file.warn(text); also.warn(text); }
            };
            log.step("recovery of " + target.name() + " with " + script.name() + " (output in " + folder + ")");
            RecordingWriter recording = RecordingWriter.inMemory(TimeSource.SYSTEM, redactor, recordingReader);
            Recorders recorders = new Recorders(recording);
            Session session = recorders.connect(Session.builder(), target, reader, true, target.params(params))
                    .server(facts).log(recorders.log(log)).outputDir(folder).redactor(redactor).build();
            RunResult result;
            try {
                result = new Runner(compiler).run(script, session);
                recording.end(result.outcome().name(), result.message(), result.location());
            } finally {
                recording.close();
            }
            io.vaxiin.engine.LearntFonts.keep(reader, fonts, folder, log);
            try {
                RunReport.write(recording.recording(), new ReportInput("vaxiin watch: " + script.name() + " on " + target.name(),
                        script.name(), lines, result.exitCode() == 0, result.headline(), List.of()), folder.resolve("report.html"));
            } catch (IOException | RuntimeException e) {
                log.warn("could not write the report " + folder.resolve("report.html") + ": " + e.getMessage());
            }
            // the run's own log ends as run's does; the watch says how it ended in its own words
            file.step(result.outcome() == RunResult.Outcome.RECOVERED ? "recovered: " + result.message() : "FAILED: " + result.headline());
            return new Ended(result, folder);
        }
    }
}
