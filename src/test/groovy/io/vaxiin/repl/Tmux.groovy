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
 * ({@code remain-on-exit on}, set before the program starts), so its last screen can be read.
 *
 * <p>The exit status is not taken from tmux: tmux learns it from SIGCHLD, and here its server
 * now and then never gets one (the program stays a zombie, {@code #{pane_dead}} is 1 and
 * {@code #{pane_dead_status}} empty for good: 4 in 40 quick exits, 22 in 40 after a 0.3 s
 * sleep, from a plain shell too). So the pane runs {@code /bin/sh} with the program as its
 * child, which writes the status to a file when the program ends. The shell handles INT and
 * QUIT with a no-op trap: C-c still reaches the program (a handler, unlike an ignored signal, is
 * not inherited by it), and the shell runs the trap only once the program has ended, then
 * writes its status (130 after a C-c that killed it).
 *
 * <p>When the program has exited, tmux 3.3 writes "Pane is dead (status …)" on the bottom line
 * with a line feed, which scrolls the screen up by one line: the top line is then only in
 * {@code capture(true)}.
 */
class Tmux {

    private static final AtomicInteger COUNT = new AtomicInteger()

    private static final String RUN = '''\
        trap : INT QUIT
        status=$1
        shift
        "$@"
        echo $? > "$status.tmp" && mv "$status.tmp" "$status"
        '''.stripIndent()

    /** The {@code -L} socket name of this session's private server. */
    final String socket
    final String name

    // the wrapper script and the exit status file, removed by kill()
    private final Path home

    private Tmux(String socket, String name, Path home) {
        this.socket = socket
        this.name = name
        this.home = home
    }

    /**
     * Starts {@code command} (a program and its arguments, run as they are: no shell parses
     * them) in {@code workDir}, with {@code env} added to the environment tmux gives it.
     */
    static Tmux start(String name, List<String> command, Path workDir, Map env = [:], int width = 160, int height = 50) {
        RfbRig.require('tmux')
        def socket = "vaxiin-test-${ProcessHandle.current().pid()}-${COUNT.incrementAndGet()}-$name".toString()
        def home = Files.createTempDirectory('tmux-rig')
        def run = home.resolve('run.sh')
        Files.writeString(run, RUN)
        def tmux = new Tmux(socket, name, home)
        def args = ['start-server', ';', 'set-option', '-g', 'remain-on-exit', 'on', ';', 'set-option', '-g', 'status', 'off', ';',
                    'new-session', '-d', '-s', name, '-x', "$width", '-y', "$height", '-c', workDir.toString()]
        env.each { k, v -> args += ['-e', "$k=$v"] }
        args += ['--', '/bin/sh', run.toString(), home.resolve('status').toString()] + command
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

    /** True once the program has exited. */
    boolean exited() {
        recordedStatus() != null
    }

    /**
     * Waits for the program to exit and returns its exit status (128 + the signal's number when a
     * signal killed it, as a shell says); fails after {@code timeout}.
     */
    int waitExit(Duration timeout = Duration.ofSeconds(10)) {
        long deadline = System.nanoTime() + timeout.toNanos()
        Integer status
        while ((status = recordedStatus()) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'$name' did not exit within $timeout; it shows:\n${capture()}" as Object)
            }
            Thread.sleep(100)
        }
        status
    }

    private Integer recordedStatus() {
        def f = home.resolve('status')
        Files.exists(f) ? Files.readString(f).trim() as Integer : null
    }

    /** Ends the session, its program and the private server, and removes the server's socket. */
    void kill() {
        try {
            run(['kill-server'])
        } finally {
            // tmux leaves the socket file behind after kill-server
            def dir = System.getenv('TMUX_TMPDIR') ?: '/tmp'
            Files.deleteIfExists(Path.of(dir, "tmux-${uid()}", socket))
            home.toFile().deleteDir()
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
