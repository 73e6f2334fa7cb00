package io.vaxiin.connector.screenshot

import io.vaxiin.fixture.CliRun
import io.vaxiin.fixture.Fixtures
import io.vaxiin.vendor.VendorProfiles
import io.vaxiin.fixture.Dsl
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

/**
 * {@code vaxiin screen}, {@code screenshot} and {@code run} with a {@code screenshot+http://}
 * console against a test BMC answering like each vendor's API: the screen's text, a rule firing
 * on a screenshot screen after the picture changed, keys refused at the script's line, and
 * LC099, a wrong password, a closed port and a silent BMC each as one line with its exit code.
 * The BMC's password is in a file; it never appears in what the command printed.
 */
class ScreenshotCliSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('shot-cli')
    @Shared String pwFile = password(ScreenshotBmc.PASSWORD, 'pw')
    @Shared String wrongFile = password('wrong-Secret-17', 'wrong')

    def cleanupSpec() {
        dir.toFile().deleteDir()
    }

    private String password(String value, String name) {
        def f = dir.resolve(name)
        Files.writeString(f, value)
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString('rw-------'))
        f.toString()
    }

    private Path script(String name, String text) {
        def f = dir.resolve(name)
        Files.writeString(f, text)
        f
    }

    private static void noSecret(CliRun run) {
        assert !run.out.contains(ScreenshotBmc.PASSWORD) && !run.err.contains(ScreenshotBmc.PASSWORD)
        assert !run.out.contains('wrong-Secret-17') && !run.err.contains('wrong-Secret-17')
    }

    @Unroll("#api: vaxiin screen prints the screenshot's text")
    def "screen prints the text of the screen a screenshot API shows"() {
        given:
        def bmc = new ScreenshotBmc(api, 'vga/seabios-no-boot')

        when:
        def run = CliRun.of('screen', '--console', bmc.uri(ScreenshotBmc.USER, "file:$pwFile", '&wait=50ms'))

        then:
        run.code == 0
        run.out.readLines()*.replaceAll(/\s+$/, '').findAll { it }.join('\n')
                .startsWith(Fixtures.screenText('vga/seabios-no-boot').readLines()*.replaceAll(/\s+$/, '').findAll { it }.join('\n'))
        noSecret(run)

        cleanup:
        bmc?.close()

        where:
        api << ['dell-export', 'supermicro-preview', 'ilo-thumbnail']
    }

    def "screenshot saves the screen as PNG with its text beside it"() {
        given:
        def bmc = new ScreenshotBmc('ilo-thumbnail', 'vga/kernel-panic-vfs')
        def png = dir.resolve('shot.png')

        when:
        def run = CliRun.of('screenshot', '--console', bmc.uri(ScreenshotBmc.USER, "file:$pwFile"), '-o', png.toString())

        then:
        run.code == 0
        run.out.contains("saved $png (720x400)")
        Files.readString(dir.resolve('shot.txt')).contains('Kernel panic - not syncing: VFS: Unable to mount root fs on unkno')

        cleanup:
        bmc?.close()
    }

    def "an inventory server's screenshot console takes the server's credentials"() {
        given:
        def bmc = new ScreenshotBmc('supermicro-preview', 'vga/kernel-panic-vfs')
        def inv = dir.resolve('inventory.yaml')
        Files.writeString(inv, """credentials:
  smc: { username: root, password: file:$pwFile }
servers:
  smc-01:
    console: screenshot+http://127.0.0.1:${bmc.port}?api=supermicro-preview&wait=50ms
    credentials: smc
""")

        when:
        def run = CliRun.of('screen', '--inventory', inv.toString(), '--target', 'smc-01')

        then:
        run.code == 0
        run.out.contains('Kernel panic - not syncing: VFS: Unable to mount root fs on unkno')
        bmc.requests.contains('POST /cgi/op.cgi')
        noSecret(run)

        cleanup:
        bmc?.close()
    }

    def "a rule in a script fires on a screenshot screen once the picture changed, at the next poll"() {
        given:
        def bmc = new ScreenshotBmc('dell-export', 'vga/seabios-no-boot')
        def s = script('shot-rule.groovy', """recovery 'panic on a screenshot', timeout: 30.seconds
when screen =~ /Kernel panic - not syncing/ then done 'saw the panic on the screenshot'
""")
        def change = Thread.start {
            sleep 1500
            bmc.screen = 'vga/kernel-panic-vfs'
        }

        when:
        def run = CliRun.of('run', s.toString(), '--console', bmc.uri(ScreenshotBmc.USER, "file:$pwFile", '&every=300ms'),
                '--out', dir.resolve('out-rule').toString())

        then:
        run.code == 0
        run.out.contains('recovered: saw the panic on the screenshot')
        run.out =~ /rule 'screen =~ \/Kernel panic - not syncing\/' \(shot-rule\.groovy, line 2\) fired/
        bmc.shots >= 3
        noSecret(run)

        cleanup:
        change?.join()
        bmc?.close()
    }

    @Unroll("#api: type in a script fails at its line, saying the console is read-only and which takes keys")
    def "type on a screenshot console fails the run at the script's line with the read-only sentence"() {
        given:
        def bmc = new ScreenshotBmc(api, 'vga/seabios-no-boot')
        def s = script('shot-type.groovy', """recovery 'keys', timeout: 30.seconds
type 'y'
done 'typed'
""")

        when:
        def run = CliRun.of('run', s.toString(), '--console', bmc.uri(ScreenshotBmc.USER, "file:$pwFile", '&wait=50ms'),
                '--out', dir.resolve("out-type-$api").toString())

        then:
        run.code == 1
        run.err.readLines()[0] == "vaxiin: (shot-type.groovy, line 2) screenshot API at 127.0.0.1:${bmc.port} ($title) is a read-only console:" +
                " keys need a console that takes them ($paths)"
        noSecret(run)

        cleanup:
        bmc?.close()

        where:
        api                  | title                          | paths
        'dell-export'        | 'Dell ExportServerScreenShot'  | 'vnc:// port 5901, ssh:// connect com2, sol://'
        'ilo-thumbnail'      | 'iLO Remote Console thumbnail' | 'ssh:// vsp, sol://'
    }

    def "the REPL works a screenshot console: :screen and waits read it, type is refused as read-only and the REPL goes on"() {
        given:
        def bmc = new ScreenshotBmc('dell-export', 'vga/seabios-no-boot')

        when:
        def run = io.vaxiin.repl.ReplPipeSpec.repl('''\
            :screen
            waitFor(/No bootable device/)
            type 'y'
            1 + 1
            '''.stripIndent(), '--console', bmc.uri(ScreenshotBmc.USER, "file:$pwFile", '&wait=50ms'),
                '--out', dir.resolve('repl-shot').toString())

        then:
        run.out.contains('No bootable device')
        run.out.contains('=> 2')
        run.err.readLines().findAll { it.contains('read-only') } == ["error: (repl, line 1) screenshot API at 127.0.0.1:${bmc.port}" +
                " (Dell ExportServerScreenShot) is a read-only console: keys need a console that takes them (vnc:// port 5901, ssh:// connect com2, sol://)"]
        !run.all.contains(ScreenshotBmc.PASSWORD)

        cleanup:
        bmc?.close()
    }

    def "LC099 is one clear line, exit 3"() {
        given:
        def bmc = new ScreenshotBmc('dell-export', 'vga/seabios-no-boot')
        bmc.mode = 'no-signal'

        when:
        def run = CliRun.of('screen', '--console', bmc.uri(ScreenshotBmc.USER, "file:$pwFile"))

        then:
        run.code == 3
        run.err.readLines() == ["vaxiin: screenshot API at 127.0.0.1:${bmc.port} (Dell ExportServerScreenShot): no video signal (LC099: Unable to" +
                                        " capture the server screenshot because the video signal is not detected.)".toString()]
        run.out.isEmpty()

        cleanup:
        bmc?.close()
    }

    @Unroll("#api: a wrong password is exit 3 with one line")
    def "a wrong password is exit 3 with one line and no secret"() {
        given:
        def bmc = new ScreenshotBmc(api, 'vga/seabios-no-boot')

        when:
        def run = CliRun.of('screen', '--console', bmc.uri(ScreenshotBmc.USER, "file:$wrongFile"))

        then:
        run.code == 3
        run.err.readLines().size() == 1
        run.err.readLines()[0] =~ /^vaxiin: .* refused the credentials for user 'root'$/
        noSecret(run)

        cleanup:
        bmc?.close()

        where:
        api << ['dell-export', 'supermicro-preview', 'ilo-thumbnail']
    }

    def "a port nothing listens on is exit 3 with one line"() {
        given:
        int port = new ServerSocket(0, 1, InetAddress.loopbackAddress).withCloseable { it.localPort }

        when:
        def run = CliRun.of('screen', '--console', "screenshot+http://root:file:$pwFile@127.0.0.1:$port?api=supermicro-preview")

        then:
        run.code == 3
        run.err.readLines().size() == 1
        run.err.readLines()[0].startsWith("vaxiin: screenshot API at 127.0.0.1:$port (Supermicro CapturePreview) did not answer: connection refused")
        noSecret(run)
    }

    def "a BMC that hangs ends at the URI's timeout with one line, exit 3"() {
        given:
        def bmc = new ScreenshotBmc('dell-export', 'vga/seabios-no-boot')
        bmc.mode = 'hang'
        long start = System.nanoTime()

        when:
        def run = CliRun.of('screen', '--console', bmc.uri(ScreenshotBmc.USER, "file:$pwFile", '&timeout=1s'))

        then:
        run.code == 3
        run.err.readLines() == ["vaxiin: Redfish at 127.0.0.1:${bmc.port} did not answer POST /redfish/v1/SessionService/Sessions within 1 s (timeout)".toString()]
        (System.nanoTime() - start) / 1e9 < 5

        cleanup:
        bmc?.close()
    }

    @Unroll("a wrong URI is exit 2 with a sentence: #uri")
    def "a wrong screenshot URI is exit 2 with a sentence saying what is allowed"() {
        when:
        def run = CliRun.of('screen', '--console', uri)

        then:
        run.code == 2
        // The first line warns that the password is on the command line.
        run.err.readLines().size() == 2
        run.err.readLines()[1] == "vaxiin: --console ${uri.replaceAll('//[^@/]*@', '//***@')}: $message".toString()

        where:
        uri                                                             || message
        'screenshot+https://root:pw@10.0.0.5'                           || 'a screenshot URI names its API: ?api=dell-export|supermicro-preview|ilo-thumbnail'
        'screenshot+https://root:pw@10.0.0.5?api=ipmi-shot'             || 'api=ipmi-shot is not a screenshot API Vaxiin knows (api=dell-export|supermicro-preview|ilo-thumbnail)'
        'screenshot+https://root:pw@10.0.0.5?api=dell-export&every=5'   || 'every=5 is not a duration: write it as 500ms, 5s or 1m'
        'screenshot+https://root:pw@10.0.0.5?api=dell-export&every=10ms' || 'every=10ms is too often: a screenshot API is polled at most every 100ms (the profiles say 5s)'
        'screenshot+https://root:pw@10.0.0.5?api=dell-export&often=1s'  || "'often' is not a setting of a screenshot URI (settings: api, every, timeout, wait)"
    }

    @Unroll("#api: the paths that take keys and the interval are the #profile profile's")
    def "each API's default interval and the console paths it names are those of the shipped profile"() {
        given:
        def shipped = VendorProfiles.load(Dsl.PROJECT.resolve('lib/vendors')).named(profile).get()
        def shot = shipped.consoles().find { it.kind() == 'screenshot' }
        def others = shipped.consoles().findAll { it.kind() != 'screenshot' }

        expect:
        ScreenshotApi.of(api).profile == profile
        shot.settings().api == api
        ScreenshotConfig.duration('interval', shot.settings().interval) == ScreenshotConfig.DEFAULT_INTERVAL
        ScreenshotApi.of(api).keysElsewhere == others.collect { p ->
            String detail = p.settings().port ? ' port ' + p.settings().port : p.settings().command ? ' ' + p.settings().command : ''
            (p.kind() == 'websocket' ? 'ws' : p.kind()) + '://' + detail
        }.join(', ')

        where:
        api                  | profile
        'dell-export'        | 'dell-idrac9'
        'supermicro-preview' | 'supermicro'
        'ilo-thumbnail'      | 'hpe-ilo5'
    }
}
