package io.vaxiin.repl

import io.vaxiin.fixture.CliRun
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * `vaxiin repl` in a real terminal (tmux), as a person at 3 a.m. uses it: looking at the sandbox's
 * fsck with :screen, answering each question by hand with :record on, saving, and the saved
 * script recovering a fresh fsck sandbox by itself; Ctrl-C during a wait; a wrong word; Tab
 * completion of keys; history without secrets; the same results as piped input.
 */
@Timeout(300)
class ReplTerminalSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('repl-terminal')
    @Shared Path home = Files.createDirectories(dir.resolve('home'))
    ReplInTmux repl

    def setupSpec() {
        io.vaxiin.connector.rfb.RfbRig.require('tmux')
    }

    def cleanup() {
        repl?.kill()
    }

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    ReplInTmux start(String name, List<String> args, Map env = [:]) {
        repl = ReplInTmux.start(name, dir, home, args + ['--out', dir.resolve("$name-out").toString()], env)
    }

    def "a person answers the sandbox's fsck by hand with :record on; the saved script recovers a fresh fsck sandbox"() {
        given:
        def saved = dir.resolve('fsck-by-hand.groovy')
        start('fsck', ['--scenario', 'fsck'])

        when:
        def recording = repl.enter(':record')
        def first = repl.lookUntil(/.*Clear<y>\?\s*/)
        def answered1 = repl.enter("type 'y'")
        def second = repl.lookUntil(/.*Fix<y>\?\s*/)
        def answered2 = repl.enter("type 'y'")
        repl.lookUntil(/.*login:\s*/)
        def shown = repl.enter(':record show')
        def save = repl.enter(":save $saved")

        then:
        recording.startsWith('recording:')
        first.contains("Entry 'numbers.txt' in /data (12) has deleted/unused inode 13.  Clear<y>?")
        second.contains('Block bitmap differences:')
        answered1.contains("recorded answer: type 'y'")
        answered2.contains("recorded answer: type 'y'")
        shown.contains("when screen =~ /<y>\\?\\s*\$/")
        save.contains("saved $saved")
        save.contains('vaxiin check: OK')
        repl.quit() == 0

        when:
        def run = CliRun.of('run', saved.toString(), '--scenario', 'fsck', '--out', dir.resolve('fsck-run').toString())

        then:
        run.code == 0
        run.out.readLines().count { it.endsWith("  type 'y'") } == 2
        run.out.contains('recovered: ')
    }

    def "Ctrl-C during a wait returns to the prompt within a second; a wrong word prints the checker's message and the REPL goes on"() {
        given:
        start('ctrlc', ['--scenario', 'healthy'])

        when:
        repl.tmux.sendLiteral('waitFor(/never on this screen/, timeout: 5.minutes)')
        repl.tmux.send('Enter')
        repl.tmux.awaitText(~/wait up to 5 minutes/, Duration.ofSeconds(10))
        long pressed = System.nanoTime()
        repl.tmux.send('C-c')
        repl.tmux.awaitText(~/(?s)interrupted while waiting.*\nvaxiin>\s*$/, Duration.ofSeconds(5))
        double took = (System.nanoTime() - pressed) / 1e9

        then:
        took < 1.0
        repl.tmux.capture().contains('error: (repl, line 1) interrupted while waiting for screen =~ /never on this screen/')

        when:
        def wrong = repl.enter("prss 'F1'")
        def next = repl.enter('1 + 1')

        then:
        wrong.contains("error: repl:1:1: 'prss' is not a word of the DSL; did you mean 'press'?")
        next == '=> 2'
        repl.quit() == 2
    }

    def "Tab completes key names, and the history keeps what was typed but never a secret"() {
        given:
        start('tab', ['--scenario', 'healthy', '--param', 'password=env:ROOT_PW'], [ROOT_PW: 'hunter2-secret'])

        when:
        repl.tmux.sendLiteral("press 'F")
        repl.tmux.send('Tab')
        repl.tmux.send('Tab')
        def candidates = repl.tmux.awaitText(~/F12/, Duration.ofSeconds(5))
        repl.tmux.send('C-u')
        repl.enter("type params.password")
        repl.enter("type 'hunter2-secret'")
        repl.enter('1 + 2')
        repl.quit()
        def history = Files.readString(home.resolve('.vaxiin/history'))

        then:
        candidates.contains('F1') && candidates.contains('F10')
        // the terminal echoes what the person typed; nothing the REPL printed shows the secret
        repl.tmux.capture(true).count('hunter2-secret') == 1
        repl.tmux.capture(true).count('type ****') == 2
        history.contains('type params.password')
        history.contains('1 + 2')
        !history.contains('hunter2')
    }

    def "piped input gives the same results as typed input"() {
        given:
        def lines = ['1 + 2', "server.model", "prss 'F1'", "def n = 'Fix<y>?'", "n.endsWith('?')", "press 'F13'", "[1, 2].sum()"]
        start('same', ['--scenario', 'healthy'])

        when:
        def typed = lines.collect { repl.enter(it).readLines() }.flatten()
        def piped = ReplPipeSpec.repl(lines.join('\n') + '\n', '--scenario', 'healthy', '--out', dir.resolve('same-piped').toString())
        def results = { List<String> all -> all.findAll { it.startsWith('=> ') || it.startsWith('error: ') } }

        then:
        results(typed) == results(piped.all.readLines())
        results(typed).size() == lines.size()
    }
}
