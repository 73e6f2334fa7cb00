package io.vaxiin.bench;

import io.vaxiin.connector.Console;
import io.vaxiin.connector.rfb.RfbConfig;
import io.vaxiin.connector.rfb.RfbConsole;
import io.vaxiin.connector.web.ViewerProfiles;
import io.vaxiin.connector.web.WebConfig;
import io.vaxiin.connector.web.WebConsole;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Web-viewer figures of issue 22, against the test rig (bash in an xterm on TigerVNC's Xvnc,
 * websockify, noVNC 1.7.0 behind the rig's login page, Debian's chromium), each with a baseline
 * measured in the same run: the direct RFB connector on the same Xvnc.
 * <ul>
 *   <li>time from the command (connect called) to the first frame: chromium's start, the
 *       openbmc profile's login and KVM page, noVNC's RFB handshake, the first canvas read;</li>
 *   <li>keys per second into the canvas: a line of 200 characters typed (each a keyDown and a
 *       keyUp, the next sent when the page took the one before), timed until the last one is
 *       sent, and until xterm shows them all (its log).</li>
 * </ul>
 * Run: {@code bin/bench web}.
 */
public final class WebBench {

    private static final int RUNS = 5, KEYS = 200;

    public static void main(String[] args) throws Exception {
        System.out.println("Vaxiin web-viewer bench (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "), noVNC 1.7.0 in headless chromium");
        Path dir = Files.createTempDirectory("vaxiin-web-bench");
        int display = 700 + (int) (ProcessHandle.current().pid() % 150);
        int vncPort = freePort();
        Process xvnc = new ProcessBuilder("Xvnc", ":" + display, "-geometry", "1024x768", "-depth", "24", "-rfbport", "" + vncPort,
                "-interface", "127.0.0.1", "-nolisten", "tcp", "-AlwaysShared", "-SecurityTypes", "None")
                .redirectErrorStream(true).redirectOutput(dir.resolve("xvnc.log").toFile()).start();
        Process xterm = null;
        Object rig = null;
        try {
            awaitPort(vncPort);
            Path log = dir.resolve("xterm.log");
            ProcessBuilder xb = new ProcessBuilder("xterm", "-l", "-lf", log.toString(), "-geometry", "100x30+0+0", "-fa", "Monospace",
                    "-fs", "14", "-e", "cat").redirectErrorStream(true).redirectOutput(dir.resolve("xterm-out.log").toFile());
            xb.environment().put("DISPLAY", ":" + display);
            xterm = xb.start();
            rig = InvokerHelper.invokeConstructorOf(load("io.vaxiin.connector.web.WebViewerRig"), new Object[] {vncPort, dir});
            int http = (Integer) InvokerHelper.getProperty(rig, "httpPort");
            String password = (String) InvokerHelper.getProperty(rig, "password");
            Path viewers = Path.of(System.getProperty("vaxiin.home", ".")).resolve("lib/viewers");
            Supplier<Console> web = () -> WebConsole.connect(WebConfig.fromUri("web+http://admin@127.0.0.1:" + http)
                    .password(password.toCharArray()).profile(ViewerProfiles.resolve("openbmc", viewers)).build());
            Supplier<Console> rfb = () -> RfbConsole.connect(RfbConfig.builder("127.0.0.1", vncPort).build());

            List<Double> webFirst = new ArrayList<>(), rfbFirst = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                webFirst.add(firstFrame(web));
                rfbFirst.add(firstFrame(rfb));
            }
            System.out.printf(Locale.ROOT, "command to first frame, median of %d: web viewer %.0f ms (min %.0f, max %.0f); baseline direct RFB %.1f ms%n",
                    RUNS, median(webFirst), Collections.min(webFirst), Collections.max(webFirst), median(rfbFirst));

            try (Console w = web.get(); Console r = rfb.get()) {
                w.frame(Duration.ofSeconds(10));
                r.frame(Duration.ofSeconds(10));
                typeRate("web viewer", w, log, "w");
                typeRate("baseline direct RFB", r, log, "r");
                typeRate("web viewer", w, log, "x");
                typeRate("baseline direct RFB", r, log, "s");
            }
        } finally {
            if (rig != null) InvokerHelper.invokeMethod(rig, "close", null);
            if (xterm != null) xterm.destroyForcibly().waitFor();
            xvnc.destroy();
            xvnc.waitFor();
            deleteAll(dir.toFile());
        }
    }

    private static double firstFrame(Supplier<Console> open) {
        long t0 = System.nanoTime();
        try (Console c = open.get()) {
            c.frame(Duration.ofSeconds(30));
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    /**
     * Types KEYS characters (a marker letter, then letters), then Enter; times the sending, the
     * last frame that changed after it (the screen showing the last key: frames stop changing for
     * 500 ms), and xterm's log holding the whole line.
     */
    private static void typeRate(String what, Console c, Path log, String marker) throws Exception {
        StringBuilder line = new StringBuilder(marker);
        for (int i = 1; i < KEYS; i++) line.append((char) ('a' + (i * 7) % 26));
        String text = line.toString();
        long v = c.frame(Duration.ofSeconds(5)).version();
        java.time.Instant start = java.time.Instant.now();
        long t0 = System.nanoTime();
        c.type(text);
        long sent = System.nanoTime();
        java.time.Instant drawn = start;
        while (true) {
            io.vaxiin.connector.Frame f = c.awaitChange(v, Duration.ofMillis(500));
            if (f.version() == v) break;
            v = f.version();
            drawn = f.at();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.readString(log).contains(text) && System.nanoTime() < deadline) Thread.sleep(2);
        long logged = System.nanoTime();
        c.type("\n");
        System.out.printf(Locale.ROOT, "keys per second into the console, %d characters: %s %.0f sent/s; %.0f/s until its screen showed the last;"
                        + " xterm's log had them all after %.0f ms%n", KEYS, what, KEYS / ((sent - t0) / 1e9),
                KEYS / (Duration.between(start, drawn).toNanos() / 1e9), (logged - t0) / 1e6);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("Xvnc did not listen on " + port);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static void deleteAll(File f) {
        File[] kids = f.listFiles();
        if (kids != null) for (File k : kids) deleteAll(k);
        f.delete();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is not on the class path: run this through bin/bench web, which compiles the test rig", e);
        }
    }
}
