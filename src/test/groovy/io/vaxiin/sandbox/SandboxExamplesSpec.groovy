package io.vaxiin.sandbox

import io.vaxiin.fixture.CliRun
import io.vaxiin.fixture.Dsl
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Unroll

import java.nio.file.Path

/**
 * README's first command, for every example: `vaxiin run dsl-examples/X.groovy` with no target
 * starts the sandbox in the example's scenario, talks to it over real RFB, Redfish and IPMI
 * serial-over-LAN on loopback, and recovers it.
 */
class SandboxExamplesSpec extends Specification {

    @TempDir Path out

    @Unroll("vaxiin run dsl-examples/#example recovers the sandbox (#scenario)")
    def "every example recovers the sandbox in its scenario"() {
        when:
        def run = CliRun.of('run', Dsl.PROJECT.resolve("dsl-examples/$example").toString(), '--out', out.toString())

        then:
        run.code == 0
        run.out.contains("sandbox '$scenario' started")
        run.out =~ /(?m)^\d\d:\d\d:\d\d\.\d{3}  recovered: /
        steps.every { run.out.contains(it) }
        out.resolve('run.log').toFile().text.contains('recovered: ')

        where:
        example                      | scenario         || steps
        'fsck.groovy'                | 'fsck'           || ['sandbox machine: key (a character)', "fired (2/20): type 'y'", 'reached the login prompt']
        'kernel-panic.groovy'        | 'kernel-panic'   || ['power cycle: verified', 'sandbox machine: power PowerCycle']
        'bsod.groovy'                | 'bsod'           || ['log: stop code: CRITICAL_PROCESS_DIED', 'sandbox machine: power ForceRestart']
        'no-boot-device.groovy'      | 'no-boot-device' || ['sandbox machine: boot Hdd Once', 'boot disk: verified', 'power reset: verified']
        'post-key.groovy'            | 'post-key'       || ['sandbox machine: key F1']
        'notify-provisioning.groovy' | 'kernel-panic'   || ['sandbox webhook received POST /hooks/vaxiin: {"server":"sandbox"']
        'serial-fsck.groovy'         | 'fsck'           || ["fired (2/20): { serial.type 'y' }", "type 'y' (serial)", 'sandbox machine: key (a character)', 'reached the login prompt']
        'serial-kernel-panic.groovy' | 'kernel-panic'   || ['log: panic: [    1.509523] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)', 'power cycle: verified', 'sandbox machine: power PowerCycle']
    }

    def "a wrong answer on the sandbox leads to a worse state, and the run fails with the last screen"() {
        given:
        def script = out.resolve('wrong.groovy').toFile()
        script.text = '''// sandbox: fsck
            recovery 'answers no', timeout: 30.seconds
            when screen =~ /Give root password/ then fail 'dropped to the emergency shell'
            when screen =~ /Clear<y>\\?\\s*$/ then type 'n'
        '''.stripIndent()

        when:
        def run = CliRun.of('run', script.path, '--out', out.resolve('o').toString())

        then:
        run.code == 1
        run.err.startsWith('vaxiin: (wrong.groovy, line 3) dropped to the emergency shell\nlast screen (grid):')
        run.err.contains('  | Give root password for maintenance')
        out.resolve('o/last-screen.png').toFile().isFile()
        out.resolve('o/last-screen.txt').toFile().text.contains('UNEXPECTED INCONSISTENCY')
    }
}
