package io.vaxiin.ci;

import io.vaxiin.connector.Console;
import io.vaxiin.dsl.Redactor;
import io.vaxiin.dsl.Rule;
import io.vaxiin.dsl.ServerFacts;
import io.vaxiin.dsl.Session;
import io.vaxiin.engine.CompiledScript;
import io.vaxiin.engine.PrintRunLog;
import io.vaxiin.engine.RunResult;
import io.vaxiin.engine.Runner;
import io.vaxiin.engine.ScriptCompiler;
import io.vaxiin.recording.Event;
import io.vaxiin.recording.Recorders;
import io.vaxiin.recording.Recording;
import io.vaxiin.recording.RecordingWriter;
import io.vaxiin.replay.Replay;
import io.vaxiin.replay.ReplayConnectors;
import io.vaxiin.replay.VirtualTime;
import io.vaxiin.report.ReportInput;
import io.vaxiin.report.RunReport;
import io.vaxiin.vision.ConsoleReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One test: a script run against a recording played as its server, in virtual time, and what
 * came of it. It passes when the script reaches {@code done} without giving the recording
 * anything it does not know; against a recording in which nothing was done to the server (a
 * healthy one), it passes when the script leaves the server alone.
 */
public final class ReplayCase {

    /**
     * @param passed   true when the test passed
     * @param broken   the script or the recording is wrong (exit code 2), not the recovery
     * @param line     why, in one line
     * @param details  what a person needs to see it: what the recording expected, the rules that did not fire, the screen
     * @param recorded seconds of the recording played
     * @param real     seconds the replay took
     * @param folder   the test's folder (run.log, report.html)
     */
    public record Verdict(boolean passed, boolean broken, String line, List<String> details, double recorded, double real, Path folder) {}

    private final ScriptCompiler compiler;
    private final Redactor redactor;
    private final Map<String, String> params;

    public ReplayCase(ScriptCompiler compiler, Redactor redactor, Map<String, String> params) {
        this.compiler = compiler;
        this.redactor = redactor;
        this.params = Map.copyOf(params);
    }

    /**
     * Runs {@code script} against {@code recording}, its log to {@code folder}/run.log (and to
     * {@code live} when given), its report to {@code folder}/report.html.
     */
    public Verdict run(CompiledScript script, List<String> scriptLines, String title, Recording recording, Path folder,
                       PrintStream live) throws IOException {
        long began = System.nanoTime();
        Event start = recording.start();
        VirtualTime time = new VirtualTime(Instant.parse(String.valueOf(start.data().getOrDefault("started", Instant.EPOCH.toString()))));
        Replay replay = new Replay(recording, time);
        ReplayConnectors replayed = new ReplayConnectors(replay, redactor);
        ServerFacts facts = new ServerFacts(text(start, "target", "replay"), text(start, "vendor", "unknown"), text(start, "model", "unknown"));
        PrintStream quiet = live != null ? live : new PrintStream(java.io.OutputStream.nullOutputStream());
        RunResult result;
        Session session;
        try (PrintRunLog log = new PrintRunLog(quiet, folder.resolve("run.log"), time.clock(ZoneId.systemDefault()), redactor);
             ConsoleReader reader = new ConsoleReader();
             ConsoleReader recordingReader = new ConsoleReader()) {
            RecordingWriter shown = RecordingWriter.inMemory(time, redactor, recordingReader);
            log.step("vaxiin test " + title);
            Recorders recorders = new Recorders(shown);
            Console console = replayed.console();
            Map<String, String> all = new java.util.LinkedHashMap<>();
            if (start.data().get("params") instanceof Map<?, ?> recorded) recorded.forEach((k, v) -> all.put(String.valueOf(k), String.valueOf(v)));
            all.putAll(params);
            recorders.start(facts.name(), facts.vendor(), facts.model(), console, replayed.serial(), replayed.power(), replayed.boot(), all);
            session = Session.builder()
                    .console(console == null ? null : recorders.console(console, false), reader)
                    .serial(replayed.serial() == null ? null : recorders.serial(replayed.serial(), false))
                    .power(replayed.power() == null ? null : recorders.power(replayed.power()))
                    .boot(replayed.boot() == null ? null : recorders.boot(replayed.boot()))
                    .server(facts).params(all).log(recorders.log(log)).sendHttp(false).outputDir(folder).redactor(redactor)
                    .time(time).timeout(Duration.ofMinutes(10))
                    .build();
            Verdict verdict;
            try {
                result = new Runner(compiler).run(script, session);
                verdict = verdict(result, replay, session, script.name(), recording, folder, began);
                log.step((verdict.passed() ? "PASSED: " : "FAILED: ") + verdict.line());
                for (String d : verdict.details()) log.step("  " + d);
                shown.end(verdict.passed() ? "PASSED" : "FAILED", verdict.line(), result.location());
            } finally {
                shown.close();
            }
            RunReport.write(shown.recording(), new ReportInput("vaxiin test " + title, script.name(), scriptLines, verdict.passed(),
                    verdict.line(), verdict.details()), folder.resolve("report.html"));
            return verdict;
        }
    }

    private static String text(Event e, String key, String otherwise) {
        Object v = e.data().get(key);
        return v == null ? otherwise : v.toString();
    }

    private static Verdict verdict(RunResult result, Replay replay, Session session, String scriptName, Recording recording,
                                   Path folder, long began) {
        double recorded = Math.min(replay.recordedNow(), recording.length());
        double real = (System.nanoTime() - began) / 1e9;
        String ran = replay.done() + " of " + replay.expectedCount() + " recorded action" + (replay.expectedCount() == 1 ? "" : "s")
                + "; " + Event.clock(recorded) + " of the recording replayed in " + String.format("%.1f s", real);
        List<String> details = new ArrayList<>();
        if (result.outcome() == RunResult.Outcome.SCRIPT_ERROR) {
            details.addAll(screen(result));
            return new Verdict(false, true, "the script is wrong: " + result.headline(), details, recorded, real, folder);
        }
        if (replay.mismatch() != null) {
            details.add("the script did: " + String.join(", ", replay.given()));
            details.addAll(screen(result));
            return new Verdict(false, false, replay.mismatch(), details, recorded, real, folder);
        }
        if (replay.expectedCount() == 0) {
            // a recording of a server nobody touched: the script must leave it alone, however it ends
            return new Verdict(true, false, "left the server alone (the script ended: " + result.headline() + "; "
                    + Event.clock(recorded) + " replayed in " + String.format("%.1f s", real) + ")", details, recorded, real, folder);
        }
        if (result.outcome() == RunResult.Outcome.RECOVERED) {
            return new Verdict(true, false, "recovered: " + result.message() + " (" + ran + ")", details, recorded, real, folder);
        }
        var next = replay.nextExpected();
        if (next != null) {
            details.add("the recording waited for an answer: its server was given " + next.say() + " at " + next.event().clock());
        } else {
            Event end = recording.events().get(recording.events().size() - 1);
            details.add("the recording ends at " + Event.clock(recording.length())
                    + (end.kind().equals("end") ? " (where its run said: " + end.text("outcome") + ", " + end.text("message") + ")" : ""));
        }
        List<String> silent = new ArrayList<>();
        for (Rule rule : session.rules()) {
            if (session.fired(rule) == 0) silent.add(rule.file() + " line " + rule.line() + ": when " + rule.source());
        }
        if (!silent.isEmpty()) {
            details.add("rules that did not fire:");
            for (String s : silent) details.add("  " + s);
        }
        details.addAll(screen(result));
        return new Verdict(false, false, result.headline(), details, recorded, real, folder);
    }

    private static List<String> screen(RunResult result) {
        List<String> lines = new ArrayList<>();
        List<String> text = result.lastScreen().lines();
        int end = text.size();
        while (end > 0 && text.get(end - 1).isBlank()) end--;
        if (end == 0) return lines;
        lines.add("the screen" + (result.lastScreen().reader().equals("serial") ? " (serial)" : "") + ":");
        for (String l : text.subList(0, end)) lines.add("  | " + l);
        return lines;
    }
}
