package io.vaxiin.bench;

import io.vaxiin.connector.Frame;
import io.vaxiin.connector.redfish.RedfishClient;
import io.vaxiin.connector.redfish.RedfishConfig;
import io.vaxiin.connector.rfb.RfbConfig;
import io.vaxiin.connector.rfb.RfbConsole;
import io.vaxiin.dsl.RunLog;
import io.vaxiin.dsl.Session;
import io.vaxiin.engine.CompiledScript;
import io.vaxiin.engine.LibraryPath;
import io.vaxiin.engine.RunResult;
import io.vaxiin.engine.Runner;
import io.vaxiin.engine.ScriptCompiler;
import io.vaxiin.sandbox.Sandbox;
import io.vaxiin.sandbox.Scenario;
import io.vaxiin.sandbox.rfb.RfbServer;
import io.vaxiin.vision.ScreenReader;
import io.vaxiin.vision.TextModeRenderer;
import io.vaxiin.vision.TextModeScreen;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Console figures of issue 3, each with a baseline measured in the same run:
 * <ul>
 *   <li>prompt on the sandbox's screen → the answer key arriving at the sandbox, through the whole
 *       engine (RFB client, screen reading, rule, key), median of 20; baseline: the bare RFB
 *       round trip of a screen change from server to client, no engine;</li>
 *   <li>heap held by one idle console connection at 720×400 and 1024×768 (the sandbox runs in a
 *       child JVM so its memory is not counted); baseline: the same JVM before connecting;</li>
 *   <li>Redfish login + PowerState + logout against the sandbox's BMC; baseline: one GET of the
 *       service root on a kept-alive connection.</li>
 * </ul>
 * Run: {@code bin/bench console}.
 */
public final class ConsoleBench {

    private static final int RUNS = 20, WARMUP = 5;

    public static void main(String[] args) throws Exception {
        System.out.println("Vaxiin console bench (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ")");
        promptToKey(Duration.ofMillis(200));
        promptToKey(Duration.ZERO);
        idleConnectionHeap();
        redfish();
    }

    // ---- prompt to key ----------------------------------------------------------------------

    private static void promptToKey(Duration settle) throws Exception {
        TextModeScreen screen = TextModeScreen.vga80x25();
        TextModeRenderer renderer = new TextModeRenderer();
        BlockingQueue<Long> keys = new LinkedBlockingQueue<>();
        screen.put(0, 0, "Booting...");
        BufferedImage first = io.vaxiin.vision.Images.copy(renderer.update(screen).image());
        try (RfbServer server = RfbServer.builder().port(0)
                .keys((keysym, down) -> { if (down && keysym == 'y') keys.add(System.nanoTime()); })
                .start(() -> first);
             RfbConsole console = RfbConsole.connect(RfbConfig.builder("127.0.0.1", server.port()).build());
             ScreenReader reader = new ScreenReader()) {
            Path dir = Files.createTempDirectory("vaxiin-bench");
            ScriptCompiler compiler = new ScriptCompiler(new LibraryPath(null));
            CompiledScript script = compiler.compile("bench.groovy",
                    "when screen =~ /Fix<y>\\?\\s*$/, maxFires: 1000 then type 'y'\n"
                            + "when screen =~ /bench over/ then done 'over'\n", dir);
            Session session = Session.builder().console(console, reader).log(QUIET).outputDir(dir)
                    .timeout(Duration.ofMinutes(5)).settle(settle).build();
            Thread engine = new Thread(() -> {
                RunResult r = new Runner(compiler).run(script, session);
                if (r.exitCode() != 0) System.err.println("bench run ended: " + r.headline());
            });
            engine.start();
            List<Double> engineMs = new ArrayList<>(), rawMs = new ArrayList<>();
            for (int i = 0; i < RUNS + WARMUP; i++) {
                screen.clear();
                screen.put(0, 0, "Pass 5: Checking group summary information (" + i + ")");
                screen.put(1, 0, "Fix<y>? ");
                long shown = System.nanoTime();
                publish(server, renderer, screen);
                Long key = keys.poll(10, TimeUnit.SECONDS);
                if (key == null) throw new IllegalStateException("no key arrived for prompt " + i);
                if (i >= WARMUP) engineMs.add((key - shown) / 1e6);
                screen.clear();
                screen.put(0, 0, "answered " + i);
                publish(server, renderer, screen);
                Thread.sleep(300);
            }
            // Baseline: a screen change travelling from server to client, nothing else.
            Frame f = console.frame(Duration.ofSeconds(5));
            for (int i = 0; i < RUNS + WARMUP; i++) {
                screen.put(3, 0, "baseline change " + i);
                long t0 = System.nanoTime();
                publish(server, renderer, screen);
                Frame next = console.awaitChange(f.version(), Duration.ofSeconds(5));
                if (next.version() == f.version()) throw new IllegalStateException("no frame for baseline change " + i);
                if (i >= WARMUP) rawMs.add((System.nanoTime() - t0) / 1e6);
                f = next;
                Thread.sleep(20);
            }
            screen.put(5, 0, "bench over");
            publish(server, renderer, screen);
            engine.join(10_000);
            System.out.printf(Locale.ROOT, "prompt on screen -> key at the server, through the engine (settle %d ms), median of %d: %.1f ms (min %.1f, max %.1f)%n",
                    settle.toMillis(), RUNS, median(engineMs), Collections.min(engineMs), Collections.max(engineMs));
            System.out.printf(Locale.ROOT, "  baseline: screen change server -> client frame (RFB only), median of %d: %.2f ms%n", RUNS, median(rawMs));
        }
    }

    private static void publish(RfbServer server, TextModeRenderer renderer, TextModeScreen screen) {
        TextModeRenderer.Update u = renderer.update(screen);
        u.changed().ifPresent(r -> server.update(io.vaxiin.vision.Images.copy(u.image()), r));
    }

    // ---- heap of an idle connection ---------------------------------------------------------

    private static void idleConnectionHeap() throws Exception {
        for (Scenario scenario : List.of(Scenario.HEALTHY, Scenario.BSOD)) {
            Process child = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"),
                    "-Dvaxiin.home=" + System.getProperty("vaxiin.home", "."), "io.vaxiin.cli.Cli", "sandbox", "--scenario", scenario.id())
                    .redirectErrorStream(true).start();
            try {
                String uri = null;
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.strip().startsWith("console:")) {
                        uri = line.strip().substring("console:".length()).strip();
                        break;
                    }
                }
                if (uri == null) throw new IllegalStateException("the sandbox child printed no console URI");
                Thread.sleep(scenario == Scenario.BSOD ? 3000 : 2500); // let it reach its steady screen
                long before = usedHeap();
                RfbConsole console = RfbConsole.connect(RfbConfig.fromUri(uri).build());
                Frame f = console.frame(Duration.ofSeconds(10));
                Thread.sleep(1000);
                long after = usedHeap();
                System.out.printf(Locale.ROOT, "heap of one idle console connection at %dx%d: %.2f MiB (framebuffer alone: %.2f MiB; baseline heap before connecting: %.1f MiB)%n",
                        f.width(), f.height(), (after - before) / 1048576.0, f.width() * f.height() * 4 / 1048576.0, before / 1048576.0);
                console.close();
            } finally {
                child.destroy();
                child.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // ---- Redfish ----------------------------------------------------------------------------

    private static void redfish() throws Exception {
        try (Sandbox sandbox = Sandbox.start(Scenario.HEALTHY, 1.0, line -> { })) {
            RedfishConfig config = RedfishConfig.builder().uri(sandbox.powerUri()).credentials(Sandbox.USER, sandbox.password()).build();
            List<Double> full = new ArrayList<>(), raw = new ArrayList<>();
            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
            String root = sandbox.powerUri().replace("redfish+http", "http") + "/redfish/v1/";
            for (int i = 0; i < RUNS + WARMUP; i++) {
                long t0 = System.nanoTime();
                try (RedfishClient c = RedfishClient.connect(config)) {
                    c.state();
                }
                if (i >= WARMUP) full.add((System.nanoTime() - t0) / 1e6);
                t0 = System.nanoTime();
                try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(root).build()).execute()) {
                    r.body().string();
                }
                if (i >= WARMUP) raw.add((System.nanoTime() - t0) / 1e6);
            }
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
            System.out.printf(Locale.ROOT, "Redfish login + PowerState + logout (RedfishClient, new connection), median of %d: %.1f ms%n", RUNS, median(full));
            System.out.printf(Locale.ROOT, "  baseline: GET /redfish/v1/ on a kept-alive connection, median of %d: %.2f ms%n", RUNS, median(raw));
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static final RunLog QUIET = new RunLog() {
        @Override public void step(String text) { }
        @Override public void warn(String text) { System.err.println("warn: " + text); }
    };


    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private ConsoleBench() {}

}
