package io.vaxiin.watch

import groovy.json.JsonSlurper
import io.vaxiin.fixture.CliRun
import mockwebserver3.MockResponse
import mockwebserver3.MockWebServer
import io.vaxiin.fixture.Dsl
import io.vaxiin.inventory.Inventory
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path

/**
 * `vaxiin watch --once` over a small fleet of sandboxes (each server its own simulated machine
 * in a scenario): the script that applies recovers each broken server, the healthy one gets
 * nothing, a recovery that keeps failing leaves its server for a person, an unreachable BMC is
 * said so; the audit log holds every step and `vaxiin log` prints one server's history.
 */
@Timeout(300)
class WatchOnceSpec extends Specification {

    /** FNV-1a 64 of the names, modulo the shards, computed apart from Vaxiin (FNV-1a of "a" is 0xaf63dc4c8601ec8c). */
    static final int PINNED_DB001 = 2
    static final int PINNED_RACK4 = 0

    @Shared Path dir = Files.createTempDirectory('watch-once')
    @Shared Path scripts = dir.resolve('scripts')

    def setupSpec() {
        Files.createDirectories(scripts.resolve('lib'))
        ['fsck.groovy', 'kernel-panic.groovy', 'no-boot-device.groovy'].each {
            Files.copy(Dsl.PROJECT.resolve("dsl-examples/$it"), scripts.resolve(it))
        }
        Files.copy(Dsl.PROJECT.resolve('lib/login.groovy'), scripts.resolve('lib/login.groovy'))
    }

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    Path inventory(String name, String servers) {
        def f = dir.resolve(name)
        Files.writeString(f, 'servers:\n' + servers.stripIndent().readLines().collect { '  ' + it }.join('\n') + '\n')
        f
    }

    static List<Map> events(Path audit, String server = null) {
        def json = new JsonSlurper()
        Files.readAllLines(audit).collect { json.parseText(it) as Map }.findAll { server == null || it.server == server }
    }

    def "one pass recovers each broken server with the script that applies and leaves the healthy one alone"() {
        given:
        def fleet = inventory('fleet.yaml', '''\
            fsck-01: { console: 'sandbox:fsck' }
            panic-01: { console: 'sandbox:kernel-panic' }
            boot-01: { console: 'sandbox:no-boot-device' }
            ok-01: { console: 'sandbox:healthy' }
            ''')
        def audit = dir.resolve('fleet-audit.jsonl')

        when:
        def run = CliRun.of('watch', '--inventory', fleet.toString(), '--scripts', scripts.toString(), '--once',
                '--audit', audit.toString(), '--out', dir.resolve('fleet-runs').toString(), '--look', '15s')

        then:
        run.code == 0
        run.out.readLines().last() == 'vaxiin watch: 1 healthy, 3 recovered, 0 unknown, 0 needs person, 0 flapping, 0 unreachable'

        and: 'each broken server was matched by its script, which ran and recovered it'
        [['fsck-01', 'fsck.groovy'], ['panic-01', 'kernel-panic.groovy'], ['boot-01', 'no-boot-device.groovy']].every { server, script ->
            def e = events(audit, server)
            e*.event.containsAll(['looking', 'matched', 'started', 'ended', 'recovered']) &&
                    e.find { it.event == 'matched' }.script == script &&
                    e.find { it.event == 'ended' }.outcome == 'recovered' &&
                    Files.exists(Path.of(e.find { it.event == 'started' }.folder).resolve('report.html'))
        }
        events(audit, 'fsck-01').findAll { it.event == 'step' && it.text == "type 'y'" }.size() >= 1
        events(audit, 'boot-01').any { it.event == 'step' && it.text.startsWith('boot disk once') }

        and: 'the healthy server was looked at, and nothing was done to it'
        events(audit, 'ok-01')*.event == ['looking', 'healthy']

        when: 'a person asks what was done to fsck-01'
        def log = CliRun.of('log', 'fsck-01', '--audit', audit.toString())

        then:
        log.code == 0
        log.out.readLines().any { it.contains('  matched  script: fsck.groovy  rule: screen =~ /(?m)<y>\\?\\s*$/  line: ') }
        log.out.readLines().any { it.contains("  step  script: fsck.groovy  text: type 'y'") }
        log.out.readLines().any { it.contains('  ended  script: fsck.groovy  outcome: recovered') }
        !log.out.contains('ok-01')
    }

    def "a recovery that keeps failing is tried again after a backoff, then left for a person (exit 1); an unreachable BMC and a screen no script knows are said so"() {
        given: 'a script that acts (it types nothing) and gives up, leaving the question on the screen'
        def wrong = dir.resolve('wrong')
        Files.createDirectories(wrong)
        Files.writeString(wrong.resolve('refuse.groovy'), '''\
            recovery 'gives up', timeout: 1.minutes
            when screen =~ /<y>\\?\\s*$/ then {
                type ''
                fail 'this script cannot answer it'
            }
            '''.stripIndent())
        def fleet = inventory('failing.yaml', '''\
            fsck-02: { console: 'sandbox:fsck' }
            gone-01: { console: 'vnc://127.0.0.1:1' }
            panic-09: { console: 'sandbox:kernel-panic' }
            ''')
        def audit = dir.resolve('failing-audit.jsonl')
        and: 'a ticketing system that fails once, then takes the notification'
        def tickets = new MockWebServer()
        tickets.start()
        tickets.enqueue(new MockResponse.Builder().code(503).build())
        tickets.enqueue(new MockResponse.Builder().code(201).build())

        when:
        def run = CliRun.of('watch', '--inventory', fleet.toString(), '--scripts', wrong.toString(), '--once', '--retries', '1',
                '--backoff', '200ms', '--audit', audit.toString(), '--out', dir.resolve('failing-runs').toString(), '--look', '15s',
                '--notify', "gave-up=${tickets.url('/tickets')}".toString())

        then:
        run.code == 1
        run.out.readLines().last() == 'vaxiin watch: 0 healthy, 0 recovered, 1 unknown, 1 needs person, 0 flapping, 1 unreachable'
        events(audit, 'fsck-02')*.event.findAll { it in ['started', 'ended', 'retrying', 'gave-up', 'notified'] } ==
                ['started', 'ended', 'retrying', 'started', 'ended', 'gave-up', 'notified']
        events(audit, 'fsck-02').find { it.event == 'notified' }.tries == 2

        and: 'the ticketing system was told, the second time, which server needs a person and why'
        tickets.takeRequest().url.encodedPath() == '/tickets'
        def told = new JsonSlurper().parseText(tickets.takeRequest().body.utf8())
        told.server == 'fsck-02' && told.event == 'gave-up' && told.script == 'refuse.groovy'
        told.message.startsWith('needs a person: refuse.groovy did not recover it in 2 tries')
        events(audit, 'fsck-02').find { it.event == 'gave-up' }.screen
        events(audit, 'gone-01')*.event == ['looking', 'unreachable']
        events(audit, 'panic-09')*.event == ['looking', 'unknown'] // no script, no rule of theirs knows a panic
        events(audit, 'gone-01')[1].why.contains('127.0.0.1:1')

        cleanup:
        tickets?.close()
    }

    def "a server that comes back to a healthy screen after failed recoveries is healthy again, not left for a person"() {
        given: 'a script that answers one fsck question, then fails; fsck asks two, then boots to the login prompt'
        def once = dir.resolve('answers-once')
        Files.createDirectories(once.resolve('lib'))
        Files.copy(Dsl.PROJECT.resolve('lib/login.groovy'), once.resolve('lib/login.groovy'))
        Files.writeString(once.resolve('answer-one.groovy'), '''\
            recovery 'answers one question', timeout: 1.minutes
            use 'lib/login'
            when screen =~ /(?m)<y>\\?\\s*$/ then {
                type 'y'
                fail 'answered one question only'
            }
            '''.stripIndent())
        def fleet = inventory('again.yaml', "fsck-05: { console: 'sandbox:fsck' }\n")
        def audit = dir.resolve('again-audit.jsonl')

        when:
        def run = CliRun.of('watch', '--inventory', fleet.toString(), '--scripts', once.toString(), '--once', '--retries', '5',
                '--backoff', '100ms', '--audit', audit.toString(), '--out', dir.resolve('again-runs').toString(), '--look', '15s')
        def e = events(audit, 'fsck-05')

        then:
        run.code == 0
        e.count { it.event == 'ended' && it.outcome == 'failed' } >= 1
        e.last().event == 'healthy'
        e.last().rule == 'atLoginPrompt()'
        !e*.event.contains('gave-up')
    }

    def "a health check that passes spares the console; one that fails makes the watch look, and recover"() {
        given: 'two servers at the fsck question: one whose sshd answers (its health check passes), one whose does not'
        def sshd = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())
        def closed = new ServerSocket(0, 5, InetAddress.getLoopbackAddress()).with { int p = localPort; close(); p }
        def fleet = inventory('health.yaml', """\
            up-01: { console: 'sandbox:fsck', health: 'tcp://127.0.0.1:${sshd.localPort}' }
            down-01: { console: 'sandbox:fsck', health: 'tcp://127.0.0.1:$closed' }
            """)
        def audit = dir.resolve('health-audit.jsonl')

        when:
        def run = CliRun.of('watch', '--inventory', fleet.toString(), '--scripts', scripts.toString(), '--once',
                '--audit', audit.toString(), '--out', dir.resolve('health-runs').toString(), '--look', '15s')

        then:
        run.code == 0
        events(audit, 'up-01')*.event == ['healthy']
        events(audit, 'up-01')[0].health == "health tcp://127.0.0.1:${sshd.localPort}: accepts connections"
        events(audit, 'down-01')*.event.take(3) == ['health-failed', 'looking', 'matched']
        events(audit, 'down-01')*.event.contains('recovered')

        cleanup:
        sshd?.close()
    }

    def "a health: that is not one of the checks is an inventory error naming its line"() {
        given:
        def fleet = inventory('bad-health.yaml', "x-01: { console: 'sandbox:fsck', health: 'ping://10.0.0.1' }\n")

        when:
        def run = CliRun.of('watch', '--inventory', fleet.toString(), '--scripts', scripts.toString(), '--once')

        then:
        run.code == 2
        run.err.readLines() == ["vaxiin: $fleet:2: server 'x-01': health is tcp://HOST:PORT, http(s)://… or redfish (the power state), not 'ping://10.0.0.1'".toString()]
    }

    def "--shard K/N splits a fleet so that every server is watched by exactly one shard, and a new server moves no other"() {
        given:
        def names = (1..300).collect { "db-${String.format('%03d', it)}".toString() }
        def servers = names.collect { "  $it: { console: 'sandbox:healthy' }" }.join('\n')
        def file = dir.resolve('shards.yaml')
        Files.writeString(file, "servers:\n$servers\n")
        def inventory = Inventory.load(file)

        when:
        def shards = (0..<3).collect { k -> Watch.selected(inventory, [:], k, 3)*.name() }

        then:
        shards.flatten().sort() == names
        shards.every { it.size() > 70 }

        and: 'the hash is pinned: a new version of Vaxiin moves no server to another shard'
        Shards.of('db-001', 3) == PINNED_DB001
        Shards.of('rack4-db-07.example.com', 16) == PINNED_RACK4
    }

    def "check notes a script of a folder that watch would never run: none of its rules acts"() {
        given:
        def folder = dir.resolve('checked')
        Files.createDirectories(folder)
        Files.writeString(folder.resolve('only-waits.groovy'), "recovery 'x'\nwhen screen =~ /login:/ then done 'up'\nwhen screen =~ /panic/ then { log 'seen'; fail 'down' }\n")
        Files.writeString(folder.resolve('acts.groovy'), "recovery 'y'\nwhen screen =~ /<y>\\?/ then type 'y'\n")

        when:
        def run = CliRun.of('check', folder.toString())
        def examples = CliRun.of('check', Dsl.PROJECT.resolve('dsl-examples').toString())

        then:
        run.code == 0
        run.out.readLines() == ["check: note: ${folder.resolve('only-waits.groovy')} never applies in vaxiin watch: none of its rules acts" +
                                        " (types, presses, powers, sets the boot device); a rule that only says done or fail does not start it",
                                'check: 2 scripts OK']
        examples.code == 0
        !examples.out.contains('never applies')
    }

    def "wrong options are one line each, exit 2"() {
        expect:
        CliRun.of(*args).with { code == 2 && err.readLines().size() == 1 && err.startsWith('vaxiin: watch: ') && err.contains(says) }

        where:
        args                                                                        | says
        ['watch', '--scripts', 'x', '--once']                                       | '--inventory FILE'
        ['watch', '--inventory', 'nope.yaml', '--scripts', 'x', '--once', '--shard', '3/3'] | 'K is 0'
    }
}
