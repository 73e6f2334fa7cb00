package io.vaxiin.repl

import io.vaxiin.connector.rfb.RfbRig

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.regex.Pattern

import static io.vaxiin.connector.rfb.RfbRig.awaitPort
import static io.vaxiin.connector.rfb.RfbRig.freeDisplay
import static io.vaxiin.connector.rfb.RfbRig.freePort
import static io.vaxiin.connector.rfb.RfbRig.require

/**
 * A real e2fsck asking its questions on a KVM console: TigerVNC's Xvnc (1024x768, depth 24,
 * security None, loopback only) showing an xterm (100x30, TrueType Monospace 14 as in
 * XvncRunSpec) that runs {@code e2fsck -f IMG} (in IMG's folder, IMG by its file name), then
 * prints an empty line and {@code stor01 login: } and sleeps, so a finished repair ends at a
 * login prompt as a booting server would. Made for the damaged images of {@link FsckImages}.
 *
 * <p>{@link #start} returns once e2fsck is asking its first question (xterm logs what it shows
 * to {@code dir/xterm.log}, which the fixture watches): a client that connects then sees the
 * question, since the screen keeps it. e2fsck's exit status goes to {@code dir/e2fsck.rc}, so
 * {@link #repaired} knows when it is over.
 */
class FsckXterm {

    /** {@code vnc://127.0.0.1:PORT}, for {@code --console}. */
    final String uri
    final Path img
    final Path dir
    final int port
    final int display

    private final Process xvnc
    private final Process xterm

    private FsckXterm(Path img, Path dir, int display, int port, Process xvnc, Process xterm) {
        this.img = img
        this.dir = dir
        this.display = display
        this.port = port
        this.xvnc = xvnc
        this.xterm = xterm
        this.uri = "vnc://127.0.0.1:$port"
    }

    /**
     * Starts Xvnc on a free display and port, and the xterm running e2fsck on {@code img}; keeps
     * its logs and scripts in {@code dir} (which must exist). Waits until e2fsck asks (or, for a
     * clean image, until what {@code ready} says is shown: {@code ~/login: $/}).
     */
    static FsckXterm start(Path img, Path dir, Pattern ready = ~/<y>\? $/) {
        require('Xvnc'); require('xterm')
        String e2fsck = FsckImages.sbin('e2fsck')
        int display = freeDisplay()
        int port = freePort()
        def xvnc = RfbRig.start(['Xvnc', ":$display", '-geometry', '1024x768', '-depth', '24', '-rfbport', "$port",
                                 '-interface', '127.0.0.1', '-nolisten', 'tcp', '-AlwaysShared', '-SecurityTypes', 'None'],
                [:], dir.resolve("xvnc-${port}.log").toFile())
        Process xterm = null
        try {
            awaitPort(port, xvnc, 10_000, 'Xvnc')
            def rc = dir.resolve('e2fsck.rc')
            def log = dir.resolve('xterm.log')
            Files.deleteIfExists(rc)
            Files.deleteIfExists(log)
            def boot = dir.resolve('boot.sh')
            // e2fsck names the device as it was given in its summary: a bare file name keeps that
            // line short (a long temp path wrapped it at the xterm's edge, where OCR misread it).
            // exec sleep: the xterm's child is then the sleep itself, which dies with the xterm's pty
            Files.writeString(boot, """\
                #!/bin/sh
                cd ${q(img.parent.toString())} || exit 1
                ${q(e2fsck)} -f ${q(img.fileName.toString())}
                echo \$? > ${q(rc.toString())}
                echo
                printf 'stor01 login: '
                exec sleep 3600
                """.stripIndent())
            xterm = RfbRig.start(['xterm', '-l', '-lf', log.toString(), '-geometry', '100x30+0+0', '-bg', 'black', '-fg', 'gray90',
                                  '-fa', 'Monospace', '-fs', '14', '-e', '/bin/sh', boot.toString()],
                    [DISPLAY: ":$display".toString()], dir.resolve('xterm-out.log').toFile())
            def fx = new FsckXterm(img, dir, display, port, xvnc, xterm)
            fx.awaitTranscript(ready, Duration.ofSeconds(10))
            fx
        } catch (Throwable t) {
            RfbRig.stop(xterm)
            RfbRig.stop(xvnc, port)
            throw t
        }
    }

    private static String q(String s) { "'" + s.replace("'", "'\\''") + "'" }

    /** What the xterm has shown so far, as logged (line ends as {@code \n}). */
    String transcript() {
        def log = dir.resolve('xterm.log')
        Files.exists(log) ? Files.readString(log).replace('\r\n', '\n') : ''
    }

    /** Waits until the transcript matches {@code regex} (a find, not a whole match); returns it. */
    String awaitTranscript(Pattern regex, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos()
        String text = transcript()
        while (!regex.matcher(text).find()) {
            if (System.nanoTime() > deadline) throw new AssertionError("the xterm did not show /$regex/ within $timeout; it showed:\n$text${xtermSaid()}" as Object)
            if (!xterm.alive) throw new IllegalStateException("the xterm exited with ${xterm.exitValue()}; it showed:\n$text${xtermSaid()}")
            Thread.sleep(50)
            text = transcript()
        }
        text
    }

    // xterm's own complaints (a font, the display, the log file), for a failure's message
    private String xtermSaid() {
        def out = dir.resolve('xterm-out.log')
        Files.exists(out) && Files.size(out) > 0 ? "\n--- xterm's output:\n${Files.readString(out)}" : ''
    }

    /** e2fsck's exit status, or null while it runs (1: errors corrected). */
    Integer e2fsckExit() {
        def rc = dir.resolve('e2fsck.rc')
        String text = Files.exists(rc) ? Files.readString(rc).trim() : ''
        text ? text as Integer : null
    }

    /**
     * True when e2fsck has exited (waiting up to {@code timeout} for it) and {@code e2fsck -fn}
     * then finds the file system clean; false when it is still asking or left errors.
     */
    boolean repaired(Duration timeout = Duration.ofSeconds(5)) {
        long deadline = System.nanoTime() + timeout.toNanos()
        while (e2fsckExit() == null && System.nanoTime() < deadline) Thread.sleep(50)
        e2fsckExit() != null && FsckImages.check(img) == 0
    }

    /** Stops the xterm (and the e2fsck or sleep in it) and Xvnc, and waits for the port to close. */
    void stop() {
        RfbRig.stop(xterm)
        RfbRig.stop(xvnc, port)
    }

    String toString() { "FsckXterm($uri, ${img.fileName})" }
}
