package io.vaxiin.watch

import io.vaxiin.dsl.Redactor
import io.vaxiin.engine.CompiledScript
import io.vaxiin.engine.LibraryPath
import io.vaxiin.engine.ScriptCompiler
import io.vaxiin.inventory.Inventory
import io.vaxiin.sandbox.SandboxFleet
import io.vaxiin.sandbox.Scenario
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.time.Clock
import java.time.Duration
import java.time.Instant

/**
 * What a vendor profile's {@code watch:} says, on a fleet of sandbox machines (each with its own
 * RFB console and Redfish BMC, each keeping its state between connections): with
 * {@code maxRecoveries: 1} the watch recovers that vendor's servers one at a time, the others
 * waiting for their turn; with {@code look: poll} it opens the console for each look and closes
 * it after, and still sees a fault within an interval.
 */
@Timeout(240)
class WatchVendorSpec extends Specification {

    static final Path PROJECT = Path.of(System.getProperty('user.dir'))

    @Shared Path dir = Files.createTempDirectory('watch-vendor')

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    static List<Map> events(Path audit, String server = null) {
        Files.exists(audit) ? Audit.read(audit, server) as List<Map> : []
    }

    static void await(String what, Closure<Boolean> condition, long ms = 150_000) {
        long deadline = System.currentTimeMillis() + ms
        while (!condition()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("not within ${ms / 1000} s: $what".toString())
            sleep 100
        }
    }

    def "a profile with maxRecoveries: 1 has its BMCs recovered one at a time; a profile with look: poll has its console opened for each look"() {
        given: 'the shipped profiles, and two of a site of its own'
        def vendors = dir.resolve('vendors')
        Files.createDirectories(vendors)
        Files.list(PROJECT.resolve('lib/vendors')).each { if (it.toString().endsWith('.yaml')) Files.copy(it, vendors.resolve(it.fileName)) }
        Files.writeString(vendors.resolve('acme-limited.yaml'), 'name: acme-limited\nvendor: acme\nwatch: { maxRecoveries: 1 }\n')
        Files.writeString(vendors.resolve('acme-polled.yaml'), 'name: acme-polled\nvendor: acme\nwatch: { look: poll }\n')

        and: 'four machines: three of the limited kind, one of the polled'
        def fleet = SandboxFleet.start(4, Scenario.HEALTHY, 0.2, { })
        def inventory = dir.resolve('fleet.yaml')
        fleet.writeInventory(inventory, dir.resolve('bmc-password'))
        Files.writeString(inventory, Files.readString(inventory).readLines().collect { String line ->
            line =~ /^  sim-000[123]:/ ? line.replaceFirst(/ }$/, ', profile: acme-limited }')
                    : line =~ /^  sim-0004:/ ? line.replaceFirst(/ }$/, ', profile: acme-polled }') : line
        }.join('\n') + '\n')
        def servers = Watch.selected(Inventory.load(inventory), [:], 0, 1)

        and: 'a watch of them in this process, with the fsck script'
        def compiler = new ScriptCompiler(new LibraryPath(PROJECT))
        def script = PROJECT.resolve('dsl-examples/fsck.groovy')
        CompiledScript fsck = compiler.compile(script)
        def audit = dir.resolve('audit.jsonl')
        def options = new Watch.Options(inventory, [fsck], [(fsck): Watch.lines(script)], dir.resolve('runs'), Duration.ofSeconds(20), 8, 2,
                Duration.ofSeconds(5), [:], 0, 1, vendors, PROJECT, io.vaxiin.vision.FontLibrary.empty())
        def out = new PrintStream(Files.newOutputStream(dir.resolve('watch.out')), true, StandardCharsets.UTF_8)
        def metrics = new Metrics()
        def log = Audit.open(audit, new Redactor(), Clock.systemUTC())
        def watch = new Watch(options, compiler, new Redactor(), log, out, out, [], null, new FleetView(servers*.name(), metrics), metrics)
        def watching = Thread.start { watch.watch(servers, Duration.ofSeconds(1)) }

        when: 'all are healthy, the polled one said so once'
        await('all four healthy') { events(audit).findAll { it.event == 'healthy' }*.server.toSet().size() == 4 }
        await('sim-0004 polled') { events(audit, 'sim-0004')*.event.contains('polling') }

        then: 'the kept consoles stay connected; the polled one is connected only while it is looked at'
        [0, 1, 2].every { fleet.members()[it].consoleClients() == 1 }
        (1..40).collect { sleep 50; fleet.members()[3].consoleClients() }.contains(0)

        when: 'the three limited ones break at once, and the polled one too'
        fleet.members().each { it.machine().breakDown(Scenario.FSCK) }
        await('all four recovered') { events(audit).findAll { it.event == 'recovered' }*.server.toSet().size() == 4 }
        def all = events(audit)

        then: 'the limited ones were recovered one after another, two of them waiting for the slot'
        def runs = ['sim-0001', 'sim-0002', 'sim-0003'].collect { s ->
            [Instant.parse(all.find { it.server == s && it.event == 'started' }.time as String),
             Instant.parse(all.find { it.server == s && it.event == 'ended' }.time as String)]
        }.sort { it[0] }
        runs.size() == 3
        !runs[1][0].isBefore(runs[0][1]) && !runs[2][0].isBefore(runs[1][1])
        all.findAll { it.event == 'waiting' }*.server.toSet().size() == 2
        all.findAll { it.event == 'waiting' }.every { it.profile == 'acme-limited' && it.server != 'sim-0004' }

        and: 'the polled one was seen broken on a later look and recovered, said polling once'
        events(audit, 'sim-0004')*.event.count('polling') == 1
        events(audit, 'sim-0004')*.event.containsAll(['matched', 'started', 'ended', 'recovered'])

        and: 'every one is at its login prompt again'
        fleet.members().every { it.machine().phase() == io.vaxiin.sandbox.Machine.Phase.LOGIN }

        cleanup:
        watch?.stop(Duration.ofSeconds(5))
        watching?.join(10_000)
        log?.close()
        out?.close()
        fleet?.close()
    }
}
