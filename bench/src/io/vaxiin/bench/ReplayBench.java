package io.vaxiin.bench;

import io.vaxiin.ci.Pairing;
import io.vaxiin.ci.ReplayCase;
import io.vaxiin.connector.Console;
import io.vaxiin.connector.TimeSource;
import io.vaxiin.connector.rfb.RfbConfig;
import io.vaxiin.connector.rfb.RfbConsole;
import io.vaxiin.dsl.Redactor;
import io.vaxiin.engine.CompiledScript;
import io.vaxiin.engine.LibraryPath;
import io.vaxiin.engine.ScriptCompiler;
import io.vaxiin.recording.Event;
import io.vaxiin.recording.Recorders;
import io.vaxiin.recording.Recording;
import io.vaxiin.recording.RecordingWriter;
import io.vaxiin.sandbox.rfb.RfbServer;
import io.vaxiin.vision.ConsoleReader;
import io.vaxiin.vision.TextModeRenderer;
import io.vaxiin.vision.TextModeScreen;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figures of issue 18, each with a baseline measured in the same run:
 * <ul>
 *   <li>the size of a recording per minute of console, for a busy console (a verbose boot: four
 *       log lines a second, scrolling) and an idle one (a start job waiting, its cursor blinking), served
 *       over real RFB and recorded as {@code vaxiin run --record} records (then a login prompt); baseline: the same
 *       frames kept as one true-colour PNG each, without naming them by content;</li>
 *   <li>replay speed (recorded seconds per replayed second) of that recording and of each shipped
 *       recording with the example that names it; baseline: reading the text of each distinct
 *       frame once, the least a replay has to do.</li>
 * </ul>
 * Run: {@code bin/bench replay [SECONDS_PER_PHASE]} (default 30).
 */
public final class ReplayBench {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        System.out.println("Vaxiin replay bench (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ")");
        Path home = Path.of(System.getProperty("vaxiin.home", "."));
        Path dir = Files.createTempDirectory("vaxiin-replay-bench");
        Path recording = dir.resolve("console");
        recordConsole(recording, seconds);
        ScriptCompiler compiler = new ScriptCompiler(new LibraryPath(home));
        CompiledScript waiter = compiler.compile("wait-for-login.groovy",
                "recovery 'bench', timeout: 30.minutes\nwhen screen =~ /bench01 login:/ then done 'at the login prompt'\n", dir);
        replay(compiler, waiter, List.of(), "the recorded console above", Recording.read(recording), dir.resolve("t0"));
        Pairing.Plan plan = Pairing.plan(List.of(home.resolve("dsl-examples")), List.of());
        for (Pairing.Pair pair : plan.pairs()) {
            CompiledScript script = compiler.compile(pair.script());
            replay(compiler, script, Files.readAllLines(pair.script(), StandardCharsets.UTF_8),
                    pair.script().getFileName() + " with " + pair.recording().getFileName(), Recording.read(pair.recording()),
                    dir.resolve("t-" + pair.script().getFileName() + "-" + pair.recording().getFileName()));
        }
    }

    // ---- size ---------------------------------------------------------------------------------

    private static void recordConsole(Path dir, int seconds) throws Exception {
        TextModeScreen screen = TextModeScreen.vga80x25();
        TextModeRenderer renderer = new TextModeRenderer();
        BufferedImage first = io.vaxiin.vision.Images.copy(renderer.update(screen).image());
        long busyBytes, idleBytes;
        int busyFrames, idleFrames;
        try (RfbServer server = RfbServer.builder().port(0).start(() -> first);
             RfbConsole live = RfbConsole.connect(RfbConfig.builder("127.0.0.1", server.port()).build());
             ConsoleReader reader = new ConsoleReader()) {
            RecordingWriter writer = RecordingWriter.toFolder(dir, TimeSource.SYSTEM, new Redactor(), reader);
            Recorders recorders = new Recorders(writer);
            recorders.start("bench", "unknown", "unknown", live, null, null, null, Map.of());
            Console console = recorders.console(live, true);
            console.frame(Duration.ofSeconds(5));
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            for (int n = 0; System.nanoTime() < end; n++) {
                screen.write(String.format(Locale.ROOT, "[%5d.%06d] ata%d.00: configured for UDMA/133, link up %d Gbps, queue depth %d\n",
                        n / 4, (n % 4) * 250_000, n % 8, 1 + n % 6, 32 - n % 7));
                publish(server, renderer, screen);
                Thread.sleep(250);
            }
            Thread.sleep(1500);
            busyBytes = writer.bytes();
            busyFrames = writer.recording().frames().size();
            screen.clear();
            screen.put(0, 0, "A start job is running for Wait for Network to be Configured (1min 30s / no limit)");
            end = System.nanoTime() + seconds * 1_000_000_000L;
            for (boolean on = true; System.nanoTime() < end; on = !on) {
                screen.cursor(1, 0).cursorVisible(on);
                publish(server, renderer, screen);
                Thread.sleep(500);
            }
            Thread.sleep(1500);
            idleBytes = writer.bytes() - busyBytes;
            idleFrames = writer.recording().frames().size() - busyFrames;
            screen.clear();
            screen.put(0, 0, "Debian GNU/Linux 12 bench01 tty1");
            screen.put(2, 0, "bench01 login: ");
            publish(server, renderer, screen);
            Thread.sleep(1500);
            writer.end("ENDED", "bench over", "");
            writer.close();
            Recording r = writer.recording();
            long trueColour = 0;
            int sampled = 0;
            for (Event e : r.events()) {
                if (!e.kind().equals("frame")) continue;
                sampled++;
                BufferedImage image = Recording.image(r.frame(e.text("frame")));
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(image, "png", png);
                trueColour += png.size();
            }
            double perMinute = 60.0 / seconds;
            System.out.printf(Locale.ROOT, "recording of a busy console (a boot log scrolling, 4 lines/s): %.0f KB per minute (%d distinct frames in %d s)%n",
                    busyBytes * perMinute / 1024, busyFrames, seconds);
            System.out.printf(Locale.ROOT, "recording of an idle console (a start job waiting, cursor blinking): %.1f KB per minute (%d distinct frames in %d s)%n",
                    idleBytes * perMinute / 1024, idleFrames, seconds);
            System.out.printf(Locale.ROOT, "  so ten minutes of console: %.1f MB busy, %.2f MB idle%n",
                    busyBytes * perMinute * 10 / 1024 / 1024, idleBytes * perMinute * 10 / 1024 / 1024);
            System.out.printf(Locale.ROOT, "  baseline: the same %d sampled frames as one true-colour PNG each: %.0f KB per minute%n",
                    sampled, trueColour / (2.0 * seconds) * 60 / 1024);
        }
    }

    private static void publish(RfbServer server, TextModeRenderer renderer, TextModeScreen screen) {
        TextModeRenderer.Update u = renderer.update(screen);
        u.changed().ifPresent(r -> server.update(io.vaxiin.vision.Images.copy(u.image()), r));
    }

    // ---- speed --------------------------------------------------------------------------------

    private static void replay(ScriptCompiler compiler, CompiledScript script, List<String> lines, String name, Recording recording,
                               Path out) throws Exception {
        ReplayCase replayCase = new ReplayCase(compiler, new Redactor(), Map.of("webhook", "https://cmdb.example/hooks/vaxiin"));
        replayCase.run(script, lines, name, recording, out.resolve("warm-up"), null);
        int runs = 3;
        double real = 0, recorded = 0;
        ReplayCase.Verdict last = null;
        for (int i = 0; i < runs; i++) {
            last = replayCase.run(script, lines, name, recording, out.resolve("run-" + i), null);
            real += last.real();
            recorded += last.recorded();
        }
        long floor = System.nanoTime();
        try (ConsoleReader reader = new ConsoleReader()) {
            for (Recording.Shot shot : recording.frames().values()) reader.read(Recording.image(shot));
        }
        double floorSeconds = (System.nanoTime() - floor) / 1e9;
        System.out.printf(Locale.ROOT, "replay of %s: %s of recording in %.2f s: %.0f recorded seconds per replayed second (%s)%n",
                name, Event.clock(recorded / runs), real / runs, recorded / real, last.passed() ? "passed" : "failed: " + last.line());
        System.out.printf(Locale.ROOT, "  baseline: reading the text of its %d distinct frames once: %.2f s%n", recording.frames().size(), floorSeconds);
    }
}
