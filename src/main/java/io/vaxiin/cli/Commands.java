package io.vaxiin.cli;

import io.vaxiin.connector.ConnectorException;
import io.vaxiin.connector.Frame;
import io.vaxiin.dsl.RunLog;
import io.vaxiin.dsl.Session;
import io.vaxiin.engine.CompiledScript;
import io.vaxiin.engine.PrintRunLog;
import io.vaxiin.engine.RunResult;
import io.vaxiin.engine.Runner;
import io.vaxiin.connector.TimeSource;
import io.vaxiin.recording.Recorders;
import io.vaxiin.recording.RecordingWriter;
import io.vaxiin.engine.ScriptCompiler;
import io.vaxiin.engine.ScriptError;
import io.vaxiin.engine.ScriptErrors;
import io.vaxiin.target.Target;
import io.vaxiin.target.TargetException;
import io.vaxiin.target.Targets;
import io.vaxiin.target.UriSecret;
import io.vaxiin.vision.Images;
import io.vaxiin.vision.ConsoleReader;
import io.vaxiin.vision.ScreenReader;
import io.vaxiin.vision.ScreenText;
import io.vaxiin.vision.UnreadableImageException;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The commands that talk to a target: run, screen, screenshot (and sandbox, in {@link SandboxCommand}). */
final class Commands {

    private static final Duration FIRST_FRAME = Duration.ofSeconds(20);

    private Commands() {}

    static int run(String command, List<String> args, Cli cli) {
        return switch (command) {
            case "run" -> run(args, cli);
            case "screen" -> screen(args, cli);
            case "screenshot" -> screenshot(args, cli);
            case "sandbox" -> SandboxCommand.run(args, cli);
            case "repl" -> ReplCommand.run(args, cli);
            case "test" -> TestCommand.run(args, cli);
            case "discover" -> DiscoverCommand.run(args, cli);
            case "watch" -> WatchCommand.run(args, cli);
            case "log" -> LogCommand.run(args, cli);
            default -> throw new UsageException(command + ": not available in this version yet (see README)");
        };
    }

    static Set<String> with(Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(List.of(more));
        return all;
    }

    // ---- run --------------------------------------------------------------------------------

    private static int run(List<String> argv, Cli cli) {
        Args args = new Args("run", argv, with(TargetOptions.OPTIONS, "--param", "--timeout", "--out", "--record"), Set.of("--help"));
        if (args.positional().size() != 1) throw new UsageException("run: give one script (see vaxiin run --help)");
        Path file = Path.of(args.positional().get(0));
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : args.options("--param")) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw new UsageException("run: --param takes KEY=VALUE, not '" + p + "'");
            params.put(p.substring(0, eq), param(p.substring(0, eq), p.substring(eq + 1), cli));
        }
        Duration timeout = args.option("--timeout") == null ? Duration.ofMinutes(10) : parseDuration(args.option("--timeout"));
        if (Files.isDirectory(file)) throw new UsageException("run: " + file + " is a folder; give one script (vaxiin check takes folders)");
        if (!Files.isRegularFile(file)) throw new UsageException("run: no such script: " + file);
        ScriptCompiler compiler = cli.compiler();
        CompiledScript script;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
            script = compiler.compile(file);
        } catch (ScriptErrors e) {
            for (ScriptError error : e.errors()) cli.err().println(error);
            cli.err().println("run: " + e.errors().size() + " error" + (e.errors().size() == 1 ? "" : "s") + " in " + file + "; nothing was run");
            return 2;
        } catch (IOException e) {
            throw new UsageException("run: cannot read " + file + ": " + e.getMessage());
        }
        io.vaxiin.vision.FontLibrary fonts;
        try {
            fonts = io.vaxiin.engine.LearntFonts.besideScript(file);
        } catch (IOException e) {
            cli.err().println("vaxiin: run: " + e.getMessage() + "; nothing was run");
            return 2;
        }
        Path record = args.option("--record") == null ? null : Path.of(args.option("--record"));
        if (record != null && Files.exists(record.resolve("events.jsonl"))) {
            throw new UsageException("run: " + record + " already holds a recording; give a new folder to --record (nothing is overwritten)");
        }
        String stem = script.name().replaceFirst("\\.groovy$", "");
        Path out = args.option("--out") != null ? Path.of(args.option("--out"))
                : Path.of("vaxiin-runs", stem + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try (PrintRunLog log = new PrintRunLog(cli.out(), out.resolve("run.log"), Clock.systemDefaultZone(), cli.redactor());
             ConsoleReader reader = new ConsoleReader(fonts)) {
            log.step("vaxiin run " + file + " (output in " + out + ")");
            // The recovery's time starts now: connecting is part of it, and may not outlast it.
            long start = System.nanoTime();
            Duration recoveryTimeout = script.timeout() != null ? script.timeout() : timeout;
            Duration connectDeadline = recoveryTimeout.compareTo(Targets.CONNECT_DEADLINE) < 0 ? recoveryTimeout : Targets.CONNECT_DEADLINE;
            Target target;
            java.util.concurrent.atomic.AtomicBoolean connecting = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread onInterruptWhileConnecting = new Thread(() -> {
                if (connecting.get() && cli.interruptionReported.compareAndSet(false, true)) {
                    cli.err().println("vaxiin: interrupted while connecting to the target: nothing was done");
                }
            });
            Runtime.getRuntime().addShutdownHook(onInterruptWhileConnecting);
            try {
                target = TargetOptions.open(args, Targets.scenarioOf(text), log, cli, connectDeadline, out);
            } catch (ConnectorException e) {
                // Whatever goes wrong while connecting (no answer, a refusal, a malformed answer) is exit 3.
                cli.err().println("vaxiin: " + e.getMessage());
                if (cli.debug()) e.printStackTrace(cli.err());
                return 3;
            } finally {
                connecting.set(false);
                removeHook(onInterruptWhileConnecting);
            }
            // Ctrl-C: say that the recovery did not finish, and log out of the BMC on the way out.
            java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
            Thread onInterrupt = new Thread(() -> {
                interrupted.set(true);
                cli.interruptionReported.set(true);
                log.warn("interrupted: the recovery did not finish; closing the connections to " + target.name());
                target.close();
            });
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            try (target) {
                log.step("target " + target.description() + (target.facts().model().equals("unknown") ? "" : ", model " + target.facts().model()));
                RunResult result;
                try (ConsoleReader recordingReader = new ConsoleReader(fonts)) {
                    RecordingWriter recording;
                    try {
                        recording = record == null ? RecordingWriter.inMemory(TimeSource.SYSTEM, cli.redactor(), recordingReader)
                                : RecordingWriter.toFolder(record, TimeSource.SYSTEM, cli.redactor(), recordingReader);
                    } catch (io.vaxiin.recording.RecordingException e) {
                        throw new UsageException("run: --record: " + e.getMessage() + "; nothing was done to " + target.name());
                    }
                    Recorders recorders = new Recorders(recording);
                    Session session = recorders.connect(Session.builder(), target, reader, true, target.params(params))
                            .server(io.vaxiin.vendor.TargetProfile.serverFacts(target, cli.home(), TargetOptions.request(args)))
                            .log(recorders.log(log)).outputDir(out).timeout(timeout)
                            .redactor(cli.redactor())
                            .build();
                    try {
                        result = new Runner(compiler).run(script, session, start);
                        recording.end(result.outcome().name(), result.message(), result.location());
                    } finally {
                        recording.close(); // the texts of the last frames are read before the report is written
                    }
                    if (recording.problem() != null) log.warn(recording.problem());
                    io.vaxiin.engine.LearntFonts.keep(reader, fonts, out, log);
                    if (record != null) log.step("recording kept in " + record + " (" + Sizes.describe(recording.bytes()) + ")");
                    writeReport(recording.recording(), new io.vaxiin.report.ReportInput("vaxiin run " + file.getFileName() + " on " + target.name(),
                            script.name(), text.lines().toList(), result.exitCode() == 0, result.headline(), List.of()), out, log);
                }
                if (interrupted.get()) {
                    cli.err().println("vaxiin: interrupted: the recovery did not finish (last step: " + result.headline() + ")");
                    return 1;
                }
                report(result, cli, log);
                if (cli.debug() && result.exitCode() != 0) cli.err().println("(--debug: the run log is " + out.resolve("run.log") + ")");
                return result.exitCode();
            } finally {
                removeHook(onInterrupt);
            }
        } catch (IOException e) {
            throw new UsageException("run: cannot write to " + out + ": " + e.getMessage());
        } catch (Exception e) {
            if (e instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e);
        }
    }

    /** Writes report.html into the run's folder; a report that cannot be written is a warning, never the run's end. */
    static void writeReport(io.vaxiin.recording.Recording recording, io.vaxiin.report.ReportInput input, Path out, RunLog log) {
        try {
            Files.createDirectories(out);
            io.vaxiin.report.RunReport.write(recording, input, out.resolve("report.html"));
            log.step("report: " + out.resolve("report.html"));
        } catch (IOException | RuntimeException e) {
            log.warn("could not write the report " + out.resolve("report.html") + ": " + e.getMessage());
        }
    }

    /**
     * A parameter's value: {@code env:NAME} and {@code file:PATH} are read now and kept secret
     * (typed, never shown); a literal value of a parameter named like a password gets a warning.
     */
    static String param(String key, String value, Cli cli) {
        if (value.startsWith("env:") || value.startsWith("file:")) {
            try {
                return UriSecret.reveal(value, cli.redactor(), "run: --param " + key);
            } catch (TargetException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (key.matches("(?i).*(pass|secret|token|key|pin|credential).*")) {
            cli.redactor().add(value);
            cli.err().println("vaxiin: warning: --param " + key + " is on the command line, where every user of this machine"
                    + " can read it (ps); give it as --param " + key + "=env:NAME or =file:PATH to keep it secret");
        }
        return value;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running or has run.
        }
    }

    private static void report(RunResult result, Cli cli, RunLog log) {
        switch (result.outcome()) {
            case RECOVERED -> log.step("recovered: " + result.message());
            default -> {
                log.step("FAILED: " + result.headline());
                cli.err().println("vaxiin: " + result.headline());
                if (!result.lastScreen().lines().isEmpty()) {
                    StringBuilder sb = new StringBuilder("last screen (" + result.lastScreen().reader() + "):");
                    for (String line : trimBlank(result.lastScreen().lines())) sb.append("\n  | ").append(line);
                    cli.err().println(sb);
                }
                if (result.evidence() != null) cli.err().println("last screen saved: " + result.evidence());
            }
        }
    }

    private static List<String> trimBlank(List<String> lines) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) end--;
        return lines.subList(0, end);
    }

    static Duration parseDuration(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(s.trim());
        if (!m.matches()) throw new UsageException("'" + s + "' is not a duration (write 90s, 10m, 1h or 500ms)");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    // ---- screen and screenshot --------------------------------------------------------------

    private static int screen(List<String> argv, Cli cli) {
        Args args = new Args("screen", argv, with(TargetOptions.OPTIONS, "--image", "--fonts", "--save-font"), Set.of("--help", "--json"));
        if (!args.positional().isEmpty()) throw new UsageException("screen: unexpected argument '" + args.positional().get(0) + "'");
        io.vaxiin.vision.FontLibrary fonts;
        try {
            fonts = args.option("--fonts") == null ? io.vaxiin.vision.FontLibrary.empty()
                    : io.vaxiin.vision.FontLibrary.load(List.of(fontFolder("screen", args.option("--fonts"))));
        } catch (IOException e) {
            throw new UsageException("screen: --fonts: " + e.getMessage());
        }
        try (ConsoleReader reader = new ConsoleReader(fonts)) {
            ScreenText text;
            String image = args.option("--image");
            if (image != null) {
                java.awt.image.BufferedImage picture = readImage(Path.of(image));
                if (Images.looksLikeNoise(picture)) {
                    cli.err().println("vaxiin: screen: " + image + " looks like noise, not a screen (no two neighbouring pixels alike): no text");
                    text = ScreenText.EMPTY;
                } else {
                    text = reader.read(picture);
                }
            } else {
                Frame frame = liveFrame(args, cli);
                if (frame == null) return 3;
                text = reader.read(frame.image());
            }
            if (args.flag("--json")) {
                cli.out().println(groovy.json.JsonOutput.toJson(jsonOf(text)));
            } else {
                for (String line : trimBlank(text.lines())) cli.out().println(line);
            }
            return args.option("--save-font") == null ? 0 : saveFont(reader, fonts, text, Path.of(args.option("--save-font")), cli);
        } catch (UsageException | ConnectorException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The folder --fonts names: a folder of .vxf files (a missing one is a mistake, not an empty library). */
    static Path fontFolder(String command, String option) {
        Path folder = Path.of(option);
        if (!Files.isDirectory(folder)) throw new UsageException(command + ": --fonts: no such folder: " + folder);
        return folder;
    }

    /** screen --save-font FILE: writes the font learnt on the screen; 1, with the reason, when none was. */
    private static int saveFont(ConsoleReader reader, io.vaxiin.vision.FontLibrary fonts, ScreenText text, Path file, Cli cli) throws IOException {
        io.vaxiin.vision.BitmapFont font = reader.learntFont();
        if (font == null || fonts.files().contains(font)) {
            String why = text.area() != null ? "it is read in the font " + text.area().font() + " (" + text.sourceOf(0) + ")"
                    : "it is no character grid Vaxiin could learn (read by " + text.reader() + ")";
            cli.err().println("vaxiin: screen: no font learnt from this screen, so nothing was saved to " + file + ": " + why);
            return 1;
        }
        io.vaxiin.vision.FontLibrary.write(font, file);
        cli.err().println("vaxiin: screen: learnt " + font.glyphs().size() + " characters of a " + font.width() + "x" + font.height()
                + " font, saved as " + file + " (put it in fonts/ beside your scripts, or give its folder to screen --fonts)");
        return 0;
    }

    /**
     * {"reader": "grid", "grid": {"x": 192, "y": 146, "cols": 80, "rows": 25, "cellWidth": 8, "cellHeight": 19,
     * "font": "edk2-8x19"}, "lines": [{"row": 0, "text": "...", "box": [x, y, w, h], "source": "grid:edk2-8x19"}, ...]};
     * grid is null when the text was not read on a grid of cells, box when the reader does not know.
     */
    private static Map<String, Object> jsonOf(ScreenText text) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("reader", text.reader());
        ScreenText.Area a = text.area();
        Map<String, Object> grid = null;
        if (a != null) {
            grid = new LinkedHashMap<>();
            grid.put("x", a.x());
            grid.put("y", a.y());
            grid.put("cols", a.cols());
            grid.put("rows", a.rows());
            grid.put("cellWidth", whole(a.cellWidth()));
            grid.put("cellHeight", whole(a.cellHeight()));
            grid.put("font", a.font());
        }
        json.put("grid", grid);
        java.util.List<Map<String, Object>> lines = new java.util.ArrayList<>();
        for (int i = 0; i < text.lines().size(); i++) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("row", i);
            line.put("text", text.lines().get(i));
            java.awt.Rectangle b = text.boxes().isEmpty() ? null : text.boxes().get(i);
            line.put("box", b == null ? null : List.of(b.x, b.y, b.width, b.height));
            line.put("source", text.sourceOf(i));
            lines.add(line);
        }
        json.put("lines", lines);
        return json;
    }

    /** A whole number as an integer (8, not 8.0), another as it is (a scaled frame's 10.24). */
    private static Number whole(double v) {
        return v == Math.rint(v) && Math.abs(v) < Integer.MAX_VALUE ? (Number) (int) v : (Number) v;
    }

    private static int screenshot(List<String> argv, Cli cli) {
        Args args = new Args("screenshot", argv, with(TargetOptions.OPTIONS, "-o", "--output"), Set.of("--help"));
        String output = args.option("-o") != null ? args.option("-o") : args.option("--output");
        if (output == null) throw new UsageException("screenshot: give the file to write with -o FILE.png");
        Frame frame = liveFrame(args, cli);
        if (frame == null) return 3;
        Path png = Path.of(output);
        try (ScreenReader reader = new ScreenReader()) {
            if (png.toAbsolutePath().getParent() != null) Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(frame.image(), "png", png.toFile());
            Path txt = png.resolveSibling(png.getFileName().toString().replaceFirst("(\\.png)?$", ".txt"));
            Files.writeString(txt, cli.redactor().mask(reader.read(frame.image()).text()) + "\n");
            cli.out().println("saved " + png + " (" + frame.width() + "x" + frame.height() + ") and " + txt);
            return 0;
        } catch (IOException e) {
            throw new UsageException("screenshot: cannot write " + png + ": " + e.getMessage());
        } catch (Exception e) {
            if (e instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e);
        }
    }

    /** The target's screen now, after it has been still briefly (null when the target is unreachable). */
    private static Frame liveFrame(Args args, Cli cli) {
        RunLog quiet = new RunLog() {
            @Override public void step(String text) { }
            @Override public void warn(String text) { cli.err().println("vaxiin: " + text); }
        };
        try (Target target = TargetOptions.open(args, null, quiet, cli, Targets.CONNECT_DEADLINE)) {
            if (target.console() == null) throw new UsageException("this target has no console (give --console URI)");
            Frame f = target.console().frame(FIRST_FRAME);
            // Let a screen that is being drawn finish, up to a second.
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                Frame next = target.console().awaitChange(f.version(), Duration.ofMillis(250));
                if (next.version() == f.version()) break;
                f = next;
            }
            return f;
        } catch (ConnectorException e) {
            cli.err().println("vaxiin: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static java.awt.image.BufferedImage readImage(Path file) {
        if (Files.isDirectory(file)) throw new UsageException("screen: " + file + " is a folder, not an image");
        if (!Files.isRegularFile(file)) throw new UsageException("screen: no such image: " + file);
        try {
            return Images.read(file);
        } catch (UnreadableImageException e) {
            throw new UsageException("screen: " + e.getMessage());
        }
    }
}
