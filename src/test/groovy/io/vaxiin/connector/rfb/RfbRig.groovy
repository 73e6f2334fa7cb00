package io.vaxiin.connector.rfb

import java.nio.file.Files
import java.nio.file.Path

/**
 * Starts and stops the real servers of RIGS.md for tests: free ports on 127.0.0.1, processes
 * stopped by handle, liveness checked by port (PID 1 here does not reap).
 */
class RfbRig {

    private static final Random RANDOM = new Random()

    /** Fails with a clear message when a binary the test needs is not installed. */
    static String require(String binary) {
        def found = System.getenv('PATH').split(':').collect { Path.of(it, binary) }.find { Files.isExecutable(it) }
        if (found == null) {
            throw new IllegalStateException("$binary is not installed: this test needs it (Debian: see RIGS.md; CI installs it)")
        }
        found.toString()
    }

    static int freePort() {
        new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }
    }

    /** A free port in [from, to), for clients that address a server by display number. */
    static int freePortBetween(int from, int to) {
        for (int i = 0; i < 200; i++) {
            int p = from + RANDOM.nextInt(to - from)
            try {
                new ServerSocket(p, 1, InetAddress.loopbackAddress).close()
                return p
            } catch (IOException ignored) {
                // taken, try another
            }
        }
        throw new IllegalStateException("no free port between $from and $to")
    }

    /** An X display number nobody uses (no lock file, no socket). */
    static int freeDisplay() {
        for (int i = 0; i < 200; i++) {
            int d = 100 + RANDOM.nextInt(800)
            if (!Files.exists(Path.of("/tmp/.X$d-lock")) && !Files.exists(Path.of("/tmp/.X11-unix/X$d"))) return d
        }
        throw new IllegalStateException('no free X display number')
    }

    static Process start(List command, Map env = [:], File log = null) {
        def pb = new ProcessBuilder(command.collect { it.toString() })
        env.each { k, v -> pb.environment().put(k.toString(), v.toString()) }
        if (log != null) pb.redirectErrorStream(true).redirectOutput(log)
        else pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        pb.start()
    }

    static boolean listening(int port) {
        try {
            new Socket().withCloseable { it.connect(new InetSocketAddress('127.0.0.1', port), 200) }
            true
        } catch (IOException ignored) {
            false
        }
    }

    static void awaitPort(int port, Process p, long timeoutMs, String what) {
        long deadline = System.currentTimeMillis() + timeoutMs
        while (System.currentTimeMillis() < deadline) {
            if (listening(port)) return
            if (!p.alive) throw new IllegalStateException("$what exited with ${p.exitValue()} before listening on $port")
            Thread.sleep(50)
        }
        throw new IllegalStateException("$what did not listen on port $port within $timeoutMs ms")
    }

    static void awaitFile(Path f, long timeoutMs, String what) {
        long deadline = System.currentTimeMillis() + timeoutMs
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(f) && Files.size(f) > 0) return
            Thread.sleep(50)
        }
        throw new IllegalStateException("$what: $f did not appear within $timeoutMs ms")
    }

    /** Stops a process: SIGTERM, then SIGKILL; waits for it (and its port, if given) to go. */
    static void stop(Process p, int port = 0) {
        if (p == null) return
        p.destroy()
        if (!p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly()
            p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)
        }
        long deadline = System.currentTimeMillis() + 3000
        while (port > 0 && listening(port) && System.currentTimeMillis() < deadline) Thread.sleep(50)
    }

    /** How many pixels differ from the most common colour: a blank screen has none. */
    static int nonBackground(java.awt.image.BufferedImage img) {
        def counts = [:].withDefault { 0 }
        for (int y = 0; y < img.height; y += 1) for (int x = 0; x < img.width; x += 1) counts[img.getRGB(x, y)]++
        img.width * img.height - counts.values().max()
    }
}
