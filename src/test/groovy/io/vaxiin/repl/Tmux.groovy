package io.vaxiin.repl

import io.vaxiin.connector.rfb.RfbRig

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.regex.Pattern

/**
 * A program in a real terminal (RIGS.md, "A real terminal for the REPL"): one tmux session on a
 * tmux server of its own ({@code tmux -L vaxiin-test-…}, no config file), so a test never touches
 * a user's tmux and {@link #kill} ends everything it started. The pane is exactly
 * {@code width x height} (no status line) and stays after the program exits
 * ({@code remain-on-exit on}, set before the program starts, so even one that exits at once
 * leaves its exit status).
 *
 * <p>When the program has exited, tmux 3.3 writes "Pane is dead (status N, …)" on the bottom line
 * with a line feed, which scrolls the screen up by one line: the top line is then only in
 * {@code capture(true)}.
 */
class Tmux {

    private static final AtomicInteger COUNT = new AtomicInteger()

    /** The {@code -L} socket name of this session's private server. */
    final String socket
    final String name

    private Tmux(String socket, String name) {
        this.socket = socket
        this.name = name
    }

    /**
     * Starts {@code command} in {@code workDir} with {@code env} added to the environment tmux
     * gives it. A command of several words is run as it is (no shell); one word alone is handed to
     * {@code sh -c}, as tmux does.
     */
    static Tmux start(String name, List<String> command, Path workDir, Map env = [:], int width = 160, int height = 50) {
        RfbRig.require('tmux')
        def socket = "vaxiin-test-${ProcessHandle.current().pid()}-${COUNT.incrementAndGet()}-$name".toString()
        def tmux = new Tmux(socket, name)
        def args = ['start-server', ';', 'set-option', '-g', 'remain-on-exit', 'on', ';', 'set-option', '-g', 'status', 'off', ';',
                    'new-session', '-d', '-s', name, '-x', "$width", '-y', "$height", '-c', workDir.toString()]
        env.each { k, v -> args += ['-e', "$k=$v"] }
        args += ['--'] + command
        try {
            tmux.tmux(args)
        } catch (Throwable t) {
            tmux.kill()
            throw t
        }
        tmux
    }

    /** Keys as tmux send-keys names them: {@code "type 'y'"}, {@code 'Enter'}, {@code 'C-c'}, {@code 'Tab'}. */
    Tmux send(String... keys) {
        tmux(['send-keys', '-t', target()] + (keys as List))
        this
    }

    /** Text sent as it is, each character a key ({@code send-keys -l}): no key names. */
    Tmux sendLiteral(String text) {
        tmux(['send-keys', '-t', target(), '-l', '--', text])
        this
    }

    /**
     * The pane's visible text, wrapped lines joined ({@code capture-pane -p -J}); with
     * {@code history}, the lines scrolled off above it too.
     */
    String capture(boolean history = false) {
        tmux(['capture-pane', '-p', '-J', '-t', target()] + (history ? ['-S', '-'] : []))
    }

    /**
     * Polls the pane every 100 ms until {@code regex} is found in it; returns that capture, or
     * fails with the last one.
     */
    String awaitText(Pattern regex, Duration timeout = Duration.ofSeconds(10)) {
        long deadline = System.nanoTime() + timeout.toNanos()
        String text = capture()
        while (!regex.matcher(text).find()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the terminal '$name' did not show /$regex/ within $timeout; it shows:\n$text" as Object)
            }
            Thread.sleep(100)
            text = capture()
        }
        text
    }

    String awaitText(String regex, Duration timeout = Duration.ofSeconds(10)) {
        awaitText(Pattern.compile(regex), timeout)
    }

    /** True once the program has exited and tmux knows how. */
    boolean exited() {
        deadStatus() != null
    }

    /**
     * Waits for the program to exit and returns its exit status (128 + the signal's number when a
     * signal killed it, as a shell says); fails after {@code timeout}.
     */
    int waitExit(Duration timeout = Duration.ofSeconds(10)) {
        long deadline = System.nanoTime() + timeout.toNanos()
        Integer status
        while ((status = deadStatus()) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'$name' did not exit within $timeout; it shows:\n${capture()}" as Object)
            }
            Thread.sleep(100)
        }
        status
    }

    // tmux marks the pane dead when the pty closes, and learns the status only when it has reaped
    // the program, a moment later: until then pane_dead is 1 and both status and signal are empty
    private Integer deadStatus() {
        def (dead, status, signal) = tmux(['display-message', '-p', '-t', target(),
                                            '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}']).trim().split(':', -1).toList()
        if (dead != '1') return null
        if (status) return status as Integer
        if (signal) return 128 + (signal as Integer)
        null
    }

    /** Ends the session, its program and the private server, and removes the server's socket. */
    void kill() {
        try {
            run(['kill-server'])
        } finally {
            // tmux leaves the socket file behind after kill-server
            def dir = System.getenv('TMUX_TMPDIR') ?: '/tmp'
            Files.deleteIfExists(Path.of(dir, "tmux-${uid()}", socket))
        }
    }

    String toString() { "Tmux($name on -L $socket)" }

    // '=name:' is the session exactly so named (a plain name also matches prefixes), its active pane
    private String target() { "=$name:" }

    private String tmux(List args) {
        def r = run(args)
        if (r.code != 0) throw new IllegalStateException("tmux ${args.join(' ')} exited ${r.code}: ${r.out}")
        r.out
    }

    private Map run(List args) {
        def p = new ProcessBuilder(['tmux', '-L', socket, '-f', '/dev/null'] + args.collect { it.toString() })
                .redirectErrorStream(true).start()
        p.outputStream.close()
        String out = p.inputStream.getText('UTF-8')
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly()
            throw new IllegalStateException("tmux ${args.join(' ')} did not return within 10 s")
        }
        [code: p.exitValue(), out: out]
    }

    private static String uid() {
        def p = new ProcessBuilder('id', '-u').redirectErrorStream(true).start()
        String out = p.inputStream.text.trim()
        p.waitFor()
        out
    }
}
