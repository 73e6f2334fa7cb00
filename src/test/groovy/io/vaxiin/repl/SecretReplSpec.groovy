package io.vaxiin.repl

import io.vaxiin.fixture.EchoingConsole
import io.vaxiin.fixture.SecretProbe
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.CopyOnWriteArraySet

/**
 * The secrets check over `vaxiin repl` in a real terminal and over `vaxiin test` replaying what
 * the REPL recorded: a person connects to a real Xvnc with its password in a file, types a secret
 * parameter into a console that echoes it, logs it, prints it, connects once more with the VNC
 * password written into the URI, records and saves a script; then CI replays that recording.
 * No secret may show in what the REPL printed, its history file, its run folder, the recording,
 * the saved script, what `test` printed or wrote (JUnit XML, run folders), or in any Vaxiin
 * process's command line while it runs.
 */
@Timeout(300)
class SecretReplSpec extends Specification {

    static final String VNC = 'Vx8-pass'
    static final String TYPED = 'Rq5-typed-in-repl'

    @Shared Path dir = Files.createTempDirectory('vaxiin-secret-repl')
    @Shared Path home = Files.createDirectories(dir.resolve('home'))
    @Shared EchoingConsole console
    @Shared Path recording = dir.resolve('recording')
    @Shared Path saved = dir.resolve('answered.groovy')
    static final String WRONG = 'Wrong-pa55-guess'
    @Shared List<String> secrets = [VNC, TYPED, WRONG]

    def setupSpec() {
        console = new EchoingConsole(dir, VNC)
        [['vnc-pw', VNC], ['typed', TYPED]].each { name, text ->
            Files.writeString(dir.resolve(name), text)
            Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString('rw-------'))
        }
    }

    def cleanupSpec() {
        console?.close()
        dir.toFile().deleteDir()
    }

    def "a REPL session that types, logs and prints a secret leaves it in no output, history, run folder, recording or command line"() {
        given: 'a sampler of every Vaxiin command line while the session runs'
        Set<String> cmdlines = new CopyOnWriteArraySet<>()
        boolean sampling = true
        def sampler = Thread.start { while (sampling) { cmdlines.addAll(SecretProbe.vaxiinCommandLines()); sleep 100 } }
        def out = dir.resolve('repl-out')
        def repl = ReplInTmux.start('secret', dir, home, ['--console', "vnc://:file:${dir.resolve('vnc-pw')}@127.0.0.1:${console.port}".toString(),
                                                          '--param', "password=file:${dir.resolve('typed')}".toString(),
                                                          '--record', recording.toString(), '--out', out.toString()])

        when:
        def record = repl.enter(':record')
        repl.lookUntil(/Password:\s*/)
        def typed = repl.enter("type params.password + '\\n'")
        def echoed = repl.lookUntil(/.*echo: .*|Password:\s*/)
        def logged = repl.enter('log "the password is ${params.password}"')
        def printed = repl.enter('params.password')
        def reconnected = repl.enter(":connect vnc://:$VNC@127.0.0.1:${console.port}")
        def save = repl.enter(":save $saved")
        int code = repl.quit()
        def terminal = repl.tmux.capture(true)
        sampling = false
        sampler.join()

        then:
        code == 0
        record.startsWith('recording:')
        typed.contains('type ****')
        logged.contains('the password is ****')
        printed.contains('****')
        reconnected.contains("127.0.0.1:${console.port}")
        save.contains("saved $saved")

        and: 'the terminal shows no secret but in the lines the person typed'
        def shown = terminal.readLines().findAll { !it.startsWith(ReplInTmux.PROMPT) }.join('\n')
        SecretProbe.leaks(secrets, [terminal: shown]) == []

        and: 'the history keeps the lines, with the literal password masked'
        def history = Files.readString(home.resolve('.vaxiin/history'))
        history.contains('type params.password')
        // the :connect line holds the console's password, a secret this session knows: not kept at all
        !history.contains(':connect')
        SecretProbe.leaks(secrets, [history: history]) == []

        and: 'nothing the REPL wrote holds a secret, and no command line did'
        Files.exists(recording.resolve('events.jsonl'))
        SecretProbe.leaks(secrets, ['saved script': Files.readString(saved), 'command lines': cmdlines.join('\n'),
                                    'echoed screen': echoed], [out, recording]) == []
        cmdlines.any { it.contains(' repl ') }

        cleanup:
        sampling = false
        repl?.kill()
    }

    def "vaxiin test replays that recording, passing and failing, and leaks the secret nowhere"() {
        given:
        def junit = dir.resolve("junit-${what.replaceAll(/\W+/, '-')}.xml")
        def out = dir.resolve("test-${what.replaceAll(/\W+/, '-')}")
        def failing = dir.resolve('fails.groovy')
        failing.toFile().text = 'recovery \'fails\', timeout: 1.minutes\nwaitFor(/echo: /)\nfail "could not use ${params.password}"\n'

        when:
        def r = SecretProbe.run(dir, ['test', (script == 'saved' ? saved : failing).toString(), '--replay', recording.toString(),
                                      '--param', param.replace('DIR', dir.toString()), '--junit', junit.toString(),
                                      '--out', out.toString(), '--verbose', '--debug'], [VAXIIN_WRONG: WRONG])

        then:
        r.code == code
        r.out.contains(code == 0 ? 'PASS ' : 'FAIL ')
        SecretProbe.leaks(secrets, [stdout: r.out, stderr: r.err, 'command lines': r.cmdlines.join('\n'),
                                    junit: Files.readString(junit)], [out]) == []

        where:
        what                                 | script   | param                      | code
        'the saved script'                   | 'saved'  | 'password=file:DIR/typed'  | 0
        'the saved script, another secret'   | 'saved'  | 'password=env:VAXIIN_WRONG'| 0
        'a script that fails with it'        | 'fails'  | 'password=file:DIR/typed'  | 1
    }
}
