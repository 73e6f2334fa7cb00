package io.vaxiin.examples

import io.vaxiin.connector.Power
import io.vaxiin.dsl.ServerFacts
import io.vaxiin.engine.RunResult
import io.vaxiin.fixture.Dsl
import io.vaxiin.fixture.FakeBmc
import io.vaxiin.fixture.ScriptedConsole
import io.vaxiin.fixture.ScriptedSerial
import mockwebserver3.MockResponse
import mockwebserver3.MockWebServer
import spock.lang.AutoCleanup
import spock.lang.Specification
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

import static io.vaxiin.fixture.Fixtures.screenText

/**
 * Every file in dsl-examples/ runs against scripted screens (real console texts from the
 * fixtures): it recovers on the screens it is meant for, and does nothing harmful on a healthy
 * screen. Examples that rot are worse than none.
 */
class ExampleSpec extends Specification {

    static final Path EXAMPLES = Dsl.PROJECT.resolve('dsl-examples')
    static final String LOGIN = 'Debian GNU/Linux 12 debian tty1\n\ndebian login:'
    static final String SIGN_IN = 'Windows Server 2022\n\nPress Ctrl+Alt+Delete to sign in.'

    Dsl dsl = new Dsl()
    FakeBmc bmc = new FakeBmc()
    @AutoCleanup MockWebServer hooks = new MockWebServer()

    RunResult run(String example, ScriptedConsole console) {
        hooks.start()
        hooks.enqueue(new MockResponse.Builder().code(204).build())
        def session = dsl.session(console).power(bmc).boot(bmc)
                .server(new ServerFacts('web-01', 'dell', 'PowerEdge R650'))
                .params(webhook: hooks.url('/hooks/vaxiin').toString())
                .build()
        dsl.runFile(EXAMPLES.resolve(example), session)
    }

    def "every script in dsl-examples has a spec below (its recordings are played by TestCommandSpec)"() {
        expect:
        Files.list(EXAMPLES).filter { Files.isRegularFile(it) }.map { it.fileName.toString() }.sorted().toList() ==
                ['bsod.groovy', 'fsck.groovy', 'kernel-panic.groovy', 'no-boot-device.groovy',
                 'notify-provisioning.groovy', 'post-key.groovy', 'serial-fsck.groovy', 'serial-kernel-panic.groovy']
    }

    def "fsck.groovy answers each e2fsck question and ends at the login prompt"() {
        given:
        def console = new ScriptedConsole(screenText('vga/e2fsck-prompt-1'))
        def next = [screenText('vga/e2fsck-prompt-2'), LOGIN]
        console.onInput('y') { console.show(next.remove(0)) }

        when:
        def result = run('fsck.groovy', console)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        console.input == ['y', 'y']
        bmc.actions.isEmpty()
    }

    def "fsck.groovy stops when fsck gives up, keeping a screenshot"() {
        given:
        def console = new ScriptedConsole('/dev/sda1: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.\nGive root password for maintenance\n(or press Control-D to continue):')

        when:
        def result = run('fsck.groovy', console)

        then:
        result.exitCode() == 1
        result.message() == 'fsck needs a manual run: the file system has errors it will not fix alone'
        Files.isRegularFile(dsl.dir.resolve('out/fsck-gave-up.png'))
        console.input.isEmpty()
    }

    /** Runs an example on a target with a serial console only (the rest as {@link #run}). */
    RunResult runSerial(String example, ScriptedSerial serial) {
        def session = io.vaxiin.dsl.Session.builder().serial(serial).power(bmc).boot(bmc).log(dsl.runLog())
                .settle(java.time.Duration.ZERO).server(new ServerFacts('db-07', 'supermicro', 'product 0x0931'))
                .outputDir(dsl.dir.resolve('out')).timeout(java.time.Duration.ofSeconds(10)).defaultWait(java.time.Duration.ofSeconds(5))
                .build()
        dsl.runFile(EXAMPLES.resolve(example), session)
    }

    def "serial-kernel-panic.groovy reads the panic from the serial console, power-cycles, and ends at the serial getty's login"() {
        given: 'the serial text of a real kernel panic (the lines of the VGA fixture, with CR LF as a serial port sends them)'
        def serial = new ScriptedSerial()
        serial.write(screenText('vga/kernel-panic-vfs').readLines().join('\r\n'))
        bmc.onPower = { serial.write('\r\n[    0.000000] Linux version 6.1.0-28-amd64\r\n\r\nDebian GNU/Linux 12 db-07 ttyS0\r\n\r\ndb-07 login: ') }

        when:
        def result = runSerial('serial-kernel-panic.groovy', serial)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        result.message() == 'reached the login prompt'
        bmc.actions == ['power cycle']
        dsl.log.any { it.startsWith('log: panic: ') && it.contains('Kernel panic - not syncing: VFS') }
    }

    def "serial-kernel-panic.groovy gives up on a server that panics on every boot"() {
        given:
        def serial = new ScriptedSerial()
        def panic = screenText('vga/kernel-panic-vfs').readLines().join('\r\n') + '\r\n'
        serial.write(panic)
        bmc.onPower = { serial.write('\r\n[    0.000000] Linux version 6.1.0-28-amd64\r\n' + panic) }

        when:
        def result = runSerial('serial-kernel-panic.groovy', serial)

        then:
        result.exitCode() == 1
        result.message().contains('more than its limit of 2')
        bmc.actions == ['power cycle', 'power cycle']
    }

    def "serial-fsck.groovy answers each question on the serial console and ends at the login prompt"() {
        given:
        def serial = new ScriptedSerial()
        serial.write('fsck from util-linux 2.38.1\r\n/dev/sda1: Inode 12 has illegal blocks.  Clear<y>? ')
        def next = ['/dev/sda1: Inode 2 ref count is 7, should be 3.  Fix<y>? ', 'Debian GNU/Linux 12 debian ttyS0\r\n\r\ndebian login: ']
        serial.onInput('y') { serial.write('yes\r\n' + next.remove(0)) }

        when:
        def result = runSerial('serial-fsck.groovy', serial)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        serial.input.toString() == 'yy'
        bmc.actions.isEmpty()
    }

    def "kernel-panic.groovy keeps the evidence, power-cycles, and ends at login"() {
        given:
        def console = new ScriptedConsole(screenText('vga/kernel-panic-vfs'))
        bmc.onPower = { console.show(LOGIN) }

        when:
        def result = run('kernel-panic.groovy', console)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        bmc.actions == ['power cycle']
        dsl.dir.resolve('out/kernel-panic.txt').toFile().text.contains('Kernel panic - not syncing')
    }

    def "kernel-panic.groovy gives up on a server that panics on every boot"() {
        given:
        def console = new ScriptedConsole(screenText('vga/kernel-panic-vfs'))
        int boots = 0
        bmc.onPower = { console.show(screenText('vga/kernel-panic-vfs') + "\n(boot ${++boots})") }

        when:
        def result = run('kernel-panic.groovy', console)

        then:
        result.exitCode() == 1
        bmc.actions == ['power cycle', 'power cycle']
        result.message().startsWith("rule 'screen =~ /Kernel panic - not syncing/' (kernel-panic.groovy, line 13) would fire 3 times")
    }

    def "bsod.groovy logs the stop code, resets, and ends at the sign-in screen"() {
        given:
        def console = new ScriptedConsole(screenText('x11/bsod-dejavusans'))
        bmc.onPower = { console.show(SIGN_IN) }

        when:
        def result = run('bsod.groovy', console)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        bmc.actions == ['power reset']
        dsl.log.contains('log: stop code: CRITICAL_PROCESS_DIED')
    }

    def "no-boot-device.groovy sets the disk as next boot device before it resets"() {
        given:
        def console = new ScriptedConsole(screenText(screen))
        bmc.onPower = { console.show(LOGIN) }

        when:
        def result = run('no-boot-device.groovy', console)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        bmc.actions == ['boot disk once', 'power reset']

        where:
        screen << ['vga/seabios-no-boot', 'vga/ipxe-e1000-dhcp-fail']
    }

    def "post-key.groovy presses F1 at a POST prompt and ends at login"() {
        given:
        def console = new ScriptedConsole('NOVAQ SERVER R7420\nBIOS Version 1.9.3\n\nError: Memory configuration changed.\nPress F1 to continue, F2 to run setup')
        console.onInput('<F1>') { console.show(LOGIN) }

        when:
        def result = run('post-key.groovy', console)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        console.input == ['<F1>']
    }

    def "notify-provisioning.groovy tells the webhook what it did"() {
        given:
        def console = new ScriptedConsole(screenText('vga/kernel-panic-vfs'))
        bmc.onPower = { console.show(LOGIN) }

        when:
        def result = run('notify-provisioning.groovy', console)
        def request = hooks.takeRequest()

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        request.method == 'POST'
        request.url.encodedPath() == '/hooks/vaxiin'
        new groovy.json.JsonSlurper().parseText(request.body.utf8()) ==
                [server: 'web-01', model: 'PowerEdge R650', event: 'kernel-panic', action: 'power-cycle', attempt: 1]
    }

    @Unroll("#example does nothing harmful on a healthy screen")
    def "each example does nothing harmful on a healthy screen"() {
        given:
        def console = new ScriptedConsole(healthy)

        when:
        def result = run(example, console)

        then:
        result.outcome() == RunResult.Outcome.RECOVERED
        console.input.isEmpty()
        bmc.actions.isEmpty()
        hooks.requestCount == 0

        where:
        example                      | healthy
        'fsck.groovy'                | LOGIN
        'kernel-panic.groovy'        | LOGIN
        'no-boot-device.groovy'      | LOGIN
        'post-key.groovy'            | LOGIN
        'notify-provisioning.groovy' | LOGIN
        'bsod.groovy'                | SIGN_IN
    }
}
