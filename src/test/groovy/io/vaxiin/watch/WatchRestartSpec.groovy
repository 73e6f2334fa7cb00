package io.vaxiin.watch

import groovy.json.JsonSlurper
import io.vaxiin.fixture.Dsl
import io.vaxiin.fixture.SandboxProcess
import io.vaxiin.fixture.SecretProbe
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A watch killed (SIGKILL) in the middle of a recovery, and started again over the same audit
 * log: the log shows what the first one did, the second one looks again before anything else and
 * does not repeat the power cycle that had taken effect, and the server ends recovered. The
 * server is `vaxiin sandbox` in a process of its own (its machine outlives the watch), at a kernel
 * panic that kernel-panic.groovy answers with a power cycle.
 */
@Timeout(240)
class WatchRestartSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('watch-restart')

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    static List<Map> events(Path audit) {
        def json = new JsonSlurper()
        Files.exists(audit) ? Files.readAllLines(audit).findAll { it.endsWith('}') }.collect { json.parseText(it) as Map } : []
    }

    /** An inventory of one server, NAME, that is {@code sandbox}'s console and Redfish BMC. */
    Path inventory(SandboxProcess sandbox, String name) {
        def inventory = dir.resolve("${name}.yaml")
        Files.writeString(inventory, """\
            credentials:
              bmc: { username: admin, password: file:${sandbox.passwordFile()} }
            servers:
              $name:
                console: ${sandbox.uris.console}
                power: ${sandbox.uris.power}
                credentials: bmc
            """.stripIndent())
        inventory
    }

    /** A scripts folder with kernel-panic.groovy and the library it uses, unmodified. */
    Path kernelPanicScripts(String name) {
        def scripts = dir.resolve(name)
        Files.createDirectories(scripts.resolve('lib'))
        Files.copy(Dsl.PROJECT.resolve('dsl-examples/kernel-panic.groovy'), scripts.resolve('kernel-panic.groovy'))
        Files.copy(Dsl.PROJECT.resolve('lib/login.groovy'), scripts.resolve('lib/login.groovy'))
        scripts
    }

    def "SIGKILL mid-recovery, then a restart: what was done is in the audit log, the power cycle is not repeated, the server is recovered"() {
        given: 'a server at a kernel panic, and the example script that power-cycles it'
        def sandbox = new SandboxProcess(['--scenario', 'kernel-panic'])
        def inventory = inventory(sandbox, 'panic-01')
        def scripts = kernelPanicScripts('scripts')
        def audit = dir.resolve('audit.jsonl')
        def args = ['watch', '--inventory', inventory.toString(), '--scripts', scripts.toString(), '--once', '--audit', audit.toString(),
                    '--out', dir.resolve('runs').toString(), '--look', '30s']

        when: 'the first watch is killed once the power cycle was verified, while the script waits for the login prompt'
        def first = new ProcessBuilder(SecretProbe.command(args)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve('first.out').toFile()).start()
        long deadline = System.currentTimeMillis() + 90_000
        while (!events(audit).any { it.event == 'step' && it.text == 'power cycle: verified' }) {
            assert first.alive && System.currentTimeMillis() < deadline: "the first watch did not get to the power cycle:\n${Files.readString(dir.resolve("first.out"))}"
            sleep 50
        }
        first.destroyForcibly() // SIGKILL: no hook runs, nothing is closed
        assert first.waitFor(10, TimeUnit.SECONDS)
        def before = events(audit)
        int cyclesBefore = sandbox.printed.count { it.contains('sandbox machine: power ') }

        and: 'a second watch starts over the same audit log'
        def second = SecretProbe.run(dir, args, [:], 120_000)
        def after = events(audit).drop(before.size())

        then: 'the first watch left a recovery started and not ended'
        before*.event.containsAll(['looking', 'matched', 'started'])
        !before*.event.contains('ended')

        and: 'the second says so, looks again first, and finds nothing left to do'
        second.code == 0
        after*.event == ['interrupted', 'looking', 'recovered']
        after[0].script == 'kernel-panic.groovy'
        after[0].folder == before.find { it.event == 'started' }.folder

        and: 'the machine was power-cycled once, by the first watch'
        cyclesBefore >= 1
        sandbox.printed.count { it.contains('sandbox machine: power ') } == cyclesBefore
        second.out.readLines().last() == 'vaxiin watch: 0 healthy, 1 recovered, 0 unknown, 0 needs person, 0 flapping, 0 unreachable'

        cleanup:
        sandbox?.close()
    }

    def "SIGTERM mid-recovery: no new work, the running recovery gets its grace, then it is abandoned, its connections closed, and the audit log says so"() {
        given:
        def sandbox = new SandboxProcess(['--scenario', 'kernel-panic'])
        def inventory = inventory(sandbox, 'panic-02')
        def scripts = kernelPanicScripts('term-scripts')
        def audit = dir.resolve('term-audit.jsonl')
        def out = dir.resolve('term.out')

        when: 'SIGTERM once the recovery has started'
        def watch = new ProcessBuilder(SecretProbe.command(['watch', '--inventory', inventory.toString(), '--scripts', scripts.toString(),
                '--once', '--audit', audit.toString(), '--out', dir.resolve('term-runs').toString(), '--grace', '1s']))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start()
        long deadline = System.currentTimeMillis() + 90_000
        while (!events(audit).any { it.event == 'started' }) {
            assert watch.alive && System.currentTimeMillis() < deadline: Files.readString(out)
            sleep 20
        }
        watch.destroy() // SIGTERM
        boolean ended = watch.waitFor(20, TimeUnit.SECONDS)

        then:
        ended
        Files.readString(out).contains('vaxiin: watch: stopping: no new recovery starts; running ones have 1 second to end')
        def abandoned = events(audit).find { it.event == 'abandoned' }
        abandoned.server == 'panic-02'
        abandoned.why == 'stopped'
        Watch.inFlight(events(audit)).isEmpty()

        cleanup:
        sandbox?.close()
    }
}
