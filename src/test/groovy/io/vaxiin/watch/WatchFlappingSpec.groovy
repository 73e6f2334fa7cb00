package io.vaxiin.watch

import groovy.json.JsonSlurper
import io.vaxiin.fixture.Dsl
import io.vaxiin.fixture.SecretProbe
import mockwebserver3.MockResponse
import mockwebserver3.MockWebServer
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.time.Instant
import java.util.concurrent.TimeUnit

/**
 * `vaxiin watch` without --once: each server's console kept open and judged on each new screen
 * until stopped. A server the same script keeps recovering is flapping: left for a person (and
 * its webhook told) after the third time in an hour. Here `sandbox:fsck?relapse=1s` is a machine
 * whose fsck question comes back a second after each repair reaches the login prompt, as a
 * server whose disk keeps failing would.
 */
@Timeout(240)
class WatchFlappingSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('watch-flapping')

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    static List<Map> events(Path audit, String server) {
        def json = new JsonSlurper()
        Files.exists(audit) ? Files.readAllLines(audit).findAll { it.endsWith('}') }.collect { json.parseText(it) as Map }
                .findAll { it.server == server } : []
    }

    def "the third recovery within an hour makes a server flapping: told, and left alone after; a healthy one is said healthy once, and never touched"() {
        given:
        def inventory = dir.resolve('fleet.yaml')
        Files.writeString(inventory, "servers:\n  flaky-01: { console: 'sandbox:fsck?relapse=1s' }\n  ok-01: { console: 'sandbox:healthy' }\n")
        def scripts = dir.resolve('scripts')
        Files.createDirectories(scripts.resolve('lib'))
        Files.copy(Dsl.PROJECT.resolve('dsl-examples/fsck.groovy'), scripts.resolve('fsck.groovy'))
        Files.copy(Dsl.PROJECT.resolve('lib/login.groovy'), scripts.resolve('lib/login.groovy'))
        def audit = dir.resolve('audit.jsonl')
        def hooks = new MockWebServer()
        hooks.start()
        (1..5).each { hooks.enqueue(new MockResponse.Builder().code(204).build()) }
        def out = dir.resolve('watch.out')

        when:
        def watch = new ProcessBuilder(SecretProbe.command(['watch', '--inventory', inventory.toString(), '--scripts', scripts.toString(),
                '--interval', '1s', '--look', '10s', '--audit', audit.toString(), '--out', dir.resolve('runs').toString(),
                '--notify', "flapping=${hooks.url('/flapping')}".toString()])).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start()
        long deadline = System.currentTimeMillis() + 180_000
        while (!events(audit, 'flaky-01')*.event.contains('notified')) {
            assert watch.alive && System.currentTimeMillis() < deadline: Files.readString(out)
            sleep 200
        }
        sleep 4000 // the fault comes back a second after the third repair: nothing more is done
        watch.destroy()
        assert watch.waitFor(30, TimeUnit.SECONDS)
        def flaky = events(audit, 'flaky-01')

        then: 'three recoveries, the third one flapping, and then nothing more for that server'
        flaky.count { it.event == 'recovered' } == 3
        flaky.count { it.event == 'started' } == 3
        flaky*.event.indexOf('flapping') == flaky*.event.size() - 2
        flaky.last().event == 'notified'

        and: 'the healthy one was said healthy once (its screen did not change) and never touched'
        events(audit, 'ok-01')*.event == ['looking', 'healthy']

        and: 'the webhook was told'
        def told = new JsonSlurper().parseText(hooks.takeRequest(5, TimeUnit.SECONDS).body.utf8())
        told.server == 'flaky-01' && told.event == 'flapping' && told.script == 'fsck.groovy'

        cleanup:
        hooks?.close()
    }

    def "flapping counts one server's recoveries by one script within the hour, and is seeded from the audit log"() {
        given:
        def now = Instant.parse('2026-12-04T12:00:00Z')
        def f = Flapping.from([
                [time: '2026-12-04T10:30:00Z', server: 'db-07', event: 'recovered', script: 'fsck.groovy'], // older than an hour
                [time: '2026-12-04T11:10:00Z', server: 'db-07', event: 'recovered', script: 'fsck.groovy'],
                [time: '2026-12-04T11:20:00Z', server: 'db-07', event: 'healthy'],
                [time: '2026-12-04T11:30:00Z', server: 'db-08', event: 'recovered', script: 'fsck.groovy']], now)

        expect:
        !f.recovered('db-07', 'kernel-panic.groovy', now)
        !f.recovered('db-07', 'fsck.groovy', now)           // 11:10 and 12:00
        f.recovered('db-07', 'fsck.groovy', now.plusSeconds(60))
        !f.recovered('db-08', 'fsck.groovy', now.plus(Duration.ofMinutes(31))) // 11:30 fell out of the hour
    }
}
