package io.vaxiin.watch

import groovy.json.JsonSlurper
import io.vaxiin.fixture.Chromium
import io.vaxiin.fixture.Dsl
import io.vaxiin.fixture.SecretProbe
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import javax.imageio.ImageIO
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * `vaxiin watch --http`: the live fleet page opened in headless Chromium while a small fleet is
 * being watched (one server recovered, one left for a person, one healthy), and `/metrics` in
 * Prometheus's text format, with no per-server label.
 */
@Timeout(240)
class WatchPageSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('watch-page')

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    static List<Map> events(Path audit) {
        def json = new JsonSlurper()
        Files.exists(audit) ? Files.readAllLines(audit).findAll { it.endsWith('}') }.collect { json.parseText(it) as Map } : []
    }

    def "the fleet page shows each server's state, the last screen of the one left for a person, and recent events; /metrics counts them"() {
        given:
        def inventory = dir.resolve('fleet.yaml')
        Files.writeString(inventory, '''\
            servers:
              fsck-01: { console: 'sandbox:fsck' }
              panic-01: { console: 'sandbox:kernel-panic' }
              ok-01: { console: 'sandbox:healthy' }
            '''.stripIndent())
        def scripts = dir.resolve('scripts')
        Files.createDirectories(scripts.resolve('lib'))
        Files.copy(Dsl.PROJECT.resolve('dsl-examples/fsck.groovy'), scripts.resolve('fsck.groovy'))
        Files.copy(Dsl.PROJECT.resolve('lib/login.groovy'), scripts.resolve('lib/login.groovy'))
        Files.writeString(scripts.resolve('panic-needs-a-person.groovy'), '''\
            recovery 'a panic this fleet does not recover', timeout: 1.minutes
            when screen =~ /Kernel panic - not syncing/ then {
                type ''
                fail 'a person must look at this panic'
            }
            '''.stripIndent())
        def audit = dir.resolve('audit.jsonl')
        def out = dir.resolve('watch.out')

        when: 'the watch runs, and the page is opened once each server has its state'
        def watch = new ProcessBuilder(SecretProbe.command(['watch', '--inventory', inventory.toString(), '--scripts', scripts.toString(),
                '--interval', '30s', '--look', '10s', '--retries', '0', '--audit', audit.toString(), '--out', dir.resolve('runs').toString(),
                '--http', '127.0.0.1:0'])).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start()
        long deadline = System.currentTimeMillis() + 120_000
        while (!(events(audit).any { it.server == 'panic-01' && it.event == 'gave-up' } && events(audit).any { it.server == 'fsck-01' && it.event == 'recovered' }
                && events(audit).any { it.server == 'ok-01' && it.event == 'healthy' })) {
            assert watch.alive && System.currentTimeMillis() < deadline: Files.readString(out)
            sleep 200
        }
        def url = (Files.readString(out) =~ /the fleet page is (http:\/\/127\.0\.0\.1:\d+\/)/)[0][1]
        def browser = new Chromium(dir, 1280, 900)
        def dom = browser.open(['--virtual-time-budget=3000', '--dump-dom'], url)
        def shot = dir.resolve('fleet.png')
        browser.open(['--virtual-time-budget=3000', "--screenshot=$shot".toString()], url)
        def metrics = new URL("${url}metrics").text
        def screen = ImageIO.read(new URL("${url}screen?server=panic-01"))
        def text = new URL("${url}text?server=panic-01").text

        then: 'the page, as chromium drew it, has a row per server in its state'
        dom.contains('<tr data-server="fsck-01" data-state="recovered">')
        dom.contains('<tr data-server="panic-01" data-state="needs_person">')
        dom.contains('<tr data-server="ok-01" data-state="healthy">')
        dom.contains('needs person: 1')

        and: 'the server left for a person has its last screen as a thumbnail linking to the full frame and its text'
        dom =~ /<a href="\/screen\?server=panic-01" title="the full frame"><img class="thumb" alt="screen of panic-01" src="\/screen\?server=panic-01&amp;v=\d+">/
        dom.contains('<a href="/text?server=panic-01"> text</a>')
        screen.width >= 640 && screen.height >= 400
        text.contains('Kernel panic - not syncing')

        and: 'the recent events are listed'
        dom.contains('fsck-01  recovered  recovered by fsck.groovy')

        and: 'the screenshot is a drawn page, not a blank one'
        def png = ImageIO.read(shot.toFile())
        png.width == 1280
        (0..<png.height).step(10).collect { y -> (0..<png.width).step(10).collect { x -> png.getRGB(x, y) } }.flatten().toSet().size() > 20

        and: 'the metrics count recoveries, servers by state, actions and looks, and name no server'
        metrics.contains('vaxiin_recoveries_total{outcome="recovered",script="fsck.groovy"} 1')
        metrics.contains('vaxiin_recoveries_total{outcome="failed",script="panic-needs-a-person.groovy"} 1')
        metrics.contains('vaxiin_servers{state="needs_person"} 1')
        metrics.contains('vaxiin_servers{state="healthy"} 1')
        metrics.contains('vaxiin_actions_total{kind="type"}')
        metrics =~ /vaxiin_looks_total [3-9]/
        metrics.contains('vaxiin_recovery_duration_seconds_bucket{script="fsck.groovy",le="+Inf"} 1')
        !metrics.contains('fsck-01') && !metrics.contains('panic-01')

        cleanup:
        watch?.destroy()
        watch?.waitFor(30, TimeUnit.SECONDS)
    }
}
