package io.vaxiin.connector.screenshot

import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.Frame
import io.vaxiin.connector.KeyCombo
import io.vaxiin.fixture.Fixtures
import io.vaxiin.vision.ScreenReader
import spock.lang.Specification
import spock.lang.Unroll

import javax.imageio.ImageIO
import java.awt.image.BufferedImage
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList

/**
 * The screenshot console against a test BMC of its own answering like each vendor's API
 * ({@link ScreenshotBmc}): the first frame is the served picture, a changed picture is a new frame
 * at the next poll and an unchanged one is not, keys are refused with a sentence naming the
 * console paths that take them, and every failure is one sentence naming the BMC, without secrets.
 */
class ScreenshotConsoleSpec extends Specification {

    List<String> warnings = new CopyOnWriteArrayList<>()

    private ScreenshotConfig config(ScreenshotBmc bmc, String password = ScreenshotBmc.PASSWORD, Duration every = Duration.ofMillis(150)) {
        ScreenshotConfig.builder().api(ScreenshotApi.of(bmc.api)).host('127.0.0.1').port(bmc.port).plainHttp()
                .credentials(ScreenshotBmc.USER, password.toCharArray())
                .interval(every).previewWait(Duration.ofMillis(20)).requestTimeout(Duration.ofSeconds(3))
                .listener { warnings << it }
                .build()
    }

    private static BufferedImage fixture(String name) {
        ImageIO.read(Fixtures.ROOT.resolve("screens/${name}.png").toFile())
    }

    private static String text(Frame f) {
        new ScreenReader().withCloseable { it.read(f.image()).lines()*.replaceAll(/\s+$/, '').findAll { it }.join('\n') }
    }

    private static String fixtureText(String name) {
        Fixtures.screenText(name).readLines()*.replaceAll(/\s+$/, '').findAll { it }.join('\n')
    }

    @Unroll("#api: the first frame is the screen served (#format), read to its exact text")
    def "each API's first frame is the console screenshot it served, decoded"() {
        given:
        def bmc = new ScreenshotBmc(api, 'vga/kernel-panic-vfs')

        when:
        def console = ScreenshotConsole.connect(config(bmc))
        def frame = console.frame(Duration.ofSeconds(1))

        then:
        frame.version() == 1
        frame.width() == 720 && frame.height() == 400
        // A JPEG blurs the cursor's underline into a '_' of its own line below the text: the rest is exact.
        exact ? text(frame) == fixtureText('vga/kernel-panic-vfs') : text(frame).startsWith(fixtureText('vga/kernel-panic-vfs'))
        exact == (frame.image().getRGB(0, 0, 720, 400, null, 0, 720) == fixture('vga/kernel-panic-vfs').getRGB(0, 0, 720, 400, null, 0, 720))
        console.describe() == "screenshot API at 127.0.0.1:${bmc.port} ($title)"

        cleanup:
        console?.close()
        bmc?.close()

        where:
        api                  | format | exact | title
        'dell-export'        | 'PNG'  | true  | 'Dell ExportServerScreenShot'
        'supermicro-preview' | 'JPEG' | false | 'Supermicro CapturePreview'
        'ilo-thumbnail'      | 'BMP'  | true  | 'iLO Remote Console thumbnail'
    }

    @Unroll("#api: a changed picture is the next frame, an unchanged one is none")
    def "a change in the served picture is seen at the next poll, and the same picture makes no new frame"() {
        given:
        def bmc = new ScreenshotBmc(api, 'vga/seabios-no-boot')
        def console = ScreenshotConsole.connect(config(bmc))
        def first = console.frame(Duration.ofSeconds(1))

        when: 'several polls of the same picture'
        int before = bmc.shots
        while (bmc.shots < before + 3) sleep 20
        def same = console.awaitChange(first.version(), Duration.ofMillis(10))

        then:
        same.version() == first.version()
        same.is(first)

        when: 'the BMC shows another screen'
        bmc.screen = 'vga/kernel-panic-vfs'
        def next = console.awaitChange(first.version(), Duration.ofSeconds(3))

        then:
        next.version() == first.version() + 1
        text(next).startsWith(fixtureText('vga/kernel-panic-vfs'))
        !next.changed().isEmpty() && next.changed().width <= 720

        cleanup:
        console?.close()
        bmc?.close()

        where:
        api << ['dell-export', 'supermicro-preview', 'ilo-thumbnail']
    }

    @Unroll("#api: type and press say the console is read-only and where keys go (#paths)")
    def "keys are refused with the console paths of the vendor that take them"() {
        given:
        def bmc = new ScreenshotBmc(api, 'vga/seabios-no-boot')
        def console = ScreenshotConsole.connect(config(bmc))

        when:
        console.type('y')

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.REFUSED
        e.message == "screenshot API at 127.0.0.1:${bmc.port} ($title) is a read-only console: keys need a console that takes them ($paths)"

        when:
        console.press(KeyCombo.parse('F1'))

        then:
        def p = thrown(ConnectorException)
        p.message == e.message

        cleanup:
        console?.close()
        bmc?.close()

        where:
        api                  | title                          | paths
        'dell-export'        | 'Dell ExportServerScreenShot'  | 'vnc:// port 5901, ssh:// connect com2, sol://'
        'supermicro-preview' | 'Supermicro CapturePreview'    | 'sol://'
        'ilo-thumbnail'      | 'iLO Remote Console thumbnail' | 'ssh:// vsp, sol://'
    }

    @Unroll("#api: a wrong password is refused credentials, in one sentence without it")
    def "a wrong password is an authentication failure naming the BMC and the user"() {
        given:
        def bmc = new ScreenshotBmc(api, 'vga/seabios-no-boot')

        when:
        ScreenshotConsole.connect(config(bmc, 'not-the-password'))

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.AUTHENTICATION
        e.isReachability()
        e.message == message.replace('PORT', "${bmc.port}")
        !e.message.contains('not-the-password')

        cleanup:
        bmc?.close()

        where:
        api                  | message
        'dell-export'        | "Redfish at 127.0.0.1:PORT refused the credentials for user 'root'"
        'supermicro-preview' | "screenshot API at 127.0.0.1:PORT (Supermicro CapturePreview) refused the credentials for user 'root'"
        'ilo-thumbnail'      | "screenshot API at 127.0.0.1:PORT (iLO Remote Console thumbnail) refused the credentials for user 'root'"
    }

    def "Dell's LC099 at connect is one line: no video signal, with the BMC's words"() {
        given:
        def bmc = new ScreenshotBmc('dell-export', 'vga/seabios-no-boot')
        bmc.mode = 'no-signal'

        when:
        ScreenshotConsole.connect(config(bmc))

        then:
        def e = thrown(NoVideoSignalException)
        e.message == "screenshot API at 127.0.0.1:${bmc.port} (Dell ExportServerScreenShot): no video signal (LC099: Unable to capture" +
                " the server screenshot because the video signal is not detected.)"

        cleanup:
        bmc?.close()
    }

    def "LC099 once the console runs is a black screen, said once, and the picture comes back after it"() {
        given:
        def bmc = new ScreenshotBmc('dell-export', 'vga/seabios-no-boot')
        def console = ScreenshotConsole.connect(config(bmc))
        def first = console.frame(Duration.ofSeconds(1))

        when: 'the server powers off: no video'
        bmc.mode = 'no-signal'
        def black = console.awaitChange(first.version(), Duration.ofSeconds(3))
        sleep 500

        then:
        black.version() == first.version() + 1
        black.image().getRGB(0, 0, 720, 400, null, 0, 720).every { (it & 0xffffff) == 0 }
        warnings.count { it.contains('no video signal (LC099') } == 1

        when: 'it is back'
        bmc.mode = 'ok'
        def back = console.awaitChange(black.version(), Duration.ofSeconds(3))

        then:
        text(back) == fixtureText('vga/seabios-no-boot')
        warnings.last().endsWith(': screenshots again')

        cleanup:
        console?.close()
        bmc?.close()
    }

    @Unroll("#api, #mode: #what")
    def "a malformed answer is one sentence naming the BMC and what was wrong"() {
        given:
        def bmc = new ScreenshotBmc(api, 'vga/seabios-no-boot')
        bmc.mode = mode

        when:
        ScreenshotConsole.connect(config(bmc))

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.PROTOCOL
        e.message.startsWith("screenshot API at 127.0.0.1:${bmc.port} (")
        e.message.contains(what)
        !e.message.contains('\n')

        cleanup:
        bmc?.close()

        where:
        api                  | mode         | what
        'dell-export'        | 'not-base64' | 'sent a ServerScreenShotFile that is not base64'
        'dell-export'        | 'not-image'  | 'sent a screenshot that is not a PNG, JPEG or BMP image (19 bytes starting 68656c6c6f2c206e)'
        'supermicro-preview' | 'not-image'  | 'sent a screenshot that is not a PNG, JPEG or BMP image'
    }

    def "a BMC that never answers is bounded by the request timeout"() {
        given:
        def bmc = new ScreenshotBmc('ilo-thumbnail', 'vga/seabios-no-boot')
        bmc.mode = 'hang'
        def c = ScreenshotConfig.builder().api(ScreenshotApi.ILO_THUMBNAIL).host('127.0.0.1').port(bmc.port).plainHttp()
                .credentials('root', 'x'.toCharArray()).requestTimeout(Duration.ofMillis(800)).build()
        long start = System.nanoTime()

        when:
        ScreenshotConsole.connect(c)

        then:
        def e = thrown(ConnectorException)
        e.kind() == ConnectorException.Kind.UNREACHABLE
        e.message == "screenshot API at 127.0.0.1:${bmc.port} (iLO Remote Console thumbnail) did not answer POST /json/login_session within 800 ms (timeout)"
        (System.nanoTime() - start) / 1e9 < 3

        cleanup:
        bmc?.close()
    }

    def "a poll that fails keeps the last picture, says so once, and closing logs out"() {
        given:
        def bmc = new ScreenshotBmc('supermicro-preview', 'vga/seabios-no-boot')
        def console = ScreenshotConsole.connect(config(bmc))
        def first = console.frame(Duration.ofSeconds(1))

        when:
        bmc.mode = 'not-image'
        sleep 800

        then:
        console.frame(Duration.ofSeconds(1)).is(first)
        warnings.size() == 1
        warnings[0].contains('the last screenshot stays on the screen, next try in 150 ms')

        when:
        console.close()

        then:
        bmc.requests.last() == 'GET /cgi/logout.cgi'

        cleanup:
        bmc?.close()
    }
}
