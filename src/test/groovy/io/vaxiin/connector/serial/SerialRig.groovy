package io.vaxiin.connector.serial

import io.vaxiin.connector.Serial
import io.vaxiin.connector.rfb.RfbRig

import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit

/**
 * Real serial consoles for tests (RIGS.md): Debian's socat serving a real program on a pty over
 * TCP on a free loopback port, one connection per socat (so killing it closes the port), stopped
 * by handle with every process it started.
 */
class SerialRig {

    /**
     * Starts {@code socat TCP-LISTEN:PORT,... EXEC:COMMAND,pty,stderr,setsid,sane,ctty} in
     * {@code dir} and waits until it listens. {@code ctty} makes the pty the program's
     * controlling terminal, so ctrl-c interrupts its foreground job as on a real console.
     * {@code listenOptions} go on the listening side (e.g. {@code rcvbuf=4096}).
     */
    static Process socat(int port, String command, Path dir, boolean pty = true, String listenOptions = '') {
        RfbRig.require('socat')
        def listen = "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr" + (listenOptions ? ",$listenOptions" : '')
        def exec = "EXEC:$command" + (pty ? ',pty,stderr,setsid,sane,ctty' : ',stderr')
        def pb = new ProcessBuilder(['socat', listen.toString(), exec.toString()]).directory(dir.toFile())
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("socat-${port}.log").toFile())
        Process p = pb.start()
        awaitListening(port, p, 5000)
        p
    }

    /**
     * Waits until {@code port} is in LISTEN state, read from /proc/net/tcp: connecting to find
     * out would use up the one connection a socat serves.
     */
    static void awaitListening(int port, Process p, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs
        while (System.currentTimeMillis() < deadline) {
            if (listens(port)) return
            if (!p.alive) throw new IllegalStateException("socat exited with ${p.exitValue()} before listening on $port")
            Thread.sleep(20)
        }
        throw new IllegalStateException("socat did not listen on port $port within $timeoutMs ms")
    }

    static boolean listens(int port) {
        String local = String.format('0100007F:%04X', port)
        new File('/proc/net/tcp').readLines().drop(1).any { String line ->
            def f = line.trim().split(/\s+/)
            f.length > 3 && f[1] == local && f[3] == '0A'
        }
    }

    /** Stops socat and the program it runs (SIGTERM, then SIGKILL), and waits for the port to close. */
    static void stop(Process p, int port = 0) {
        if (p == null) return
        def children = p.alive ? p.toHandle().descendants().toList() : []
        children.each { it.destroy() }
        p.destroy()
        if (!p.waitFor(3, TimeUnit.SECONDS)) {
            p.destroyForcibly()
            p.waitFor(3, TimeUnit.SECONDS)
        }
        children.findAll { it.alive }.each { it.destroyForcibly() }
        long deadline = System.currentTimeMillis() + 3000
        while (port > 0 && listens(port) && System.currentTimeMillis() < deadline) Thread.sleep(20)
    }

    /**
     * Waits until the text from {@code offset} on matches {@code pattern}; returns the matcher.
     * Fails with the text seen when it does not within {@code timeout}.
     */
    static java.util.regex.Matcher waitFor(Serial serial, long offset, String pattern, Duration timeout = Duration.ofSeconds(10)) {
        long deadline = System.nanoTime() + timeout.toNanos()
        def re = java.util.regex.Pattern.compile(pattern)
        Serial.Text t = serial.recent()
        while (true) {
            def m = re.matcher(t.since(offset))
            if (m.find()) return m
            long left = deadline - System.nanoTime()
            if (left <= 0) throw new AssertionError("/$pattern/ did not show within $timeout; the console shows:\n${t.since(offset)}")
            t = serial.awaitChange(t.version(), Duration.ofNanos(left))
        }
    }
}
