package io.vaxiin.repl

import java.nio.file.Path
import java.time.Duration

/**
 * `vaxiin repl` in a real terminal (tmux) as a person drives it: types a line, waits for the
 * next prompt, reads what was printed; looks with :screen until the question is there.
 */
class ReplInTmux {

    static final String PROMPT = 'vaxiin> '

    final Tmux tmux

    private ReplInTmux(Tmux tmux) {
        this.tmux = tmux
    }

    /** The command line of Vaxiin as this test run built it (the JVM's class path), with a home folder of the test's own. */
    static List<String> vaxiin(Path home, List<String> args) {
        [Path.of(System.getProperty('java.home'), 'bin', 'java').toString(), '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC',
         '-cp', System.getProperty('java.class.path'), "-Dvaxiin.home=${System.getProperty('user.dir')}".toString(),
         "-Duser.home=$home".toString(), 'io.vaxiin.cli.Cli'] + args
    }

    /** Starts `vaxiin repl ARGS` in a 160x50 terminal and waits for its first prompt. */
    static ReplInTmux start(String name, Path dir, Path home, List<String> args, Map env = [:]) {
        def tmux = Tmux.start(name, vaxiin(home, ['repl'] + args), dir, env, 160, 50)
        try {
            tmux.awaitText(~/(?m)^vaxiin> $/, Duration.ofSeconds(60))
        } catch (AssertionError e) {
            tmux.kill()
            throw e
        }
        new ReplInTmux(tmux)
    }

    /** Types a line and returns what the REPL printed after it, once it prompts again. */
    String enter(String line, Duration timeout = Duration.ofSeconds(30)) {
        int prompts = tmux.capture(true).count(PROMPT)
        tmux.sendLiteral(line)
        tmux.send('Enter')
        long deadline = System.nanoTime() + timeout.toNanos()
        while (System.nanoTime() < deadline) {
            String c = tmux.capture(true)
            if (c.count(PROMPT) > prompts && c.stripTrailing().endsWith(PROMPT.strip())) return after(c, line)
            sleep 100
        }
        throw new AssertionError("no prompt after '$line':\n${tmux.capture(true)}")
    }

    /** What the REPL printed after the last time {@code line} was entered. */
    static String after(String capture, String line) {
        int at = capture.lastIndexOf(PROMPT + line)
        String rest = capture.substring(at + (PROMPT + line).length())
        rest.substring(0, rest.lastIndexOf(PROMPT.strip())).strip()
    }

    /** The screen's text as :screen prints it, looked at until its last line matches (a person waits for the question). */
    String lookUntil(String regex, Duration timeout = Duration.ofSeconds(30)) {
        long deadline = System.nanoTime() + timeout.toNanos()
        String screen = ''
        while (System.nanoTime() < deadline) {
            screen = enter(':screen')
            def lines = screen.readLines().findAll { !it.isBlank() }
            if (lines && lines.last() ==~ regex) return screen
            sleep 250
        }
        throw new AssertionError("the screen never ended with /$regex/; it showed:\n$screen")
    }

    /** The last line with text on the screen now. */
    String lastLine() {
        enter(':screen').readLines().findAll { !it.isBlank() }.with { it ? it.last() : '' }
    }

    /** Leaves with :quit and returns the exit code. */
    int quit() {
        tmux.sendLiteral(':quit')
        tmux.send('Enter')
        tmux.waitExit(Duration.ofSeconds(20))
    }

    void kill() {
        tmux.kill()
    }
}
