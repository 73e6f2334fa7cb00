package io.vaxiin.sandbox.rfb

import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.ConnectorException.Kind
import io.vaxiin.connector.rfb.ReconnectPolicy
import io.vaxiin.connector.rfb.RfbConfig
import io.vaxiin.connector.rfb.RfbConsole
import io.vaxiin.connector.rfb.RfbEncoding
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import javax.imageio.ImageIO
import java.awt.Color
import java.awt.Font
import java.awt.Rectangle
import java.awt.image.BufferedImage
import java.nio.file.Files
import java.time.Duration

import static io.vaxiin.connector.rfb.RfbRig.*

/** The sandbox's RFB server, checked by a real client (gtk-vnc's gvnccapture) and by our own. */
@Timeout(60)
class RfbServerSpec extends Specification {

    /** A picture with text, flat areas, a gradient and noise: every ZRLE tile kind. */
    static BufferedImage picture(int w, int h, long seed = 1) {
        def img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB)
        def g = img.createGraphics()
        g.color = Color.BLACK
        g.fillRect(0, 0, w, h)
        g.color = new Color(0xaaaaaa)
        g.font = new Font(Font.MONOSPACED, Font.PLAIN, 14)
        g.drawString('No bootable device.', 10, 20)
        for (int x = 0; x < w / 2; x++) {
            g.color = new Color((x * 255 / (w / 2)) as int, 80, 255 - (x * 255 / (w / 2)) as int)
            g.drawLine(x, 100, x, 180)
        }
        g.color = Color.RED
        g.fillRect(w - 200, 40, 150, 30)
        g.dispose()
        def rnd = new Random(seed)
        for (int y = Math.max(0, h - 90); y < h; y++) for (int x = 0; x < Math.min(220, w); x++) img.setRGB(x, y, rnd.nextInt(0x1000000))
        img
    }

    static int difference(BufferedImage a, BufferedImage b) {
        if (a.width != b.width || a.height != b.height) return Integer.MAX_VALUE
        int n = 0
        for (int y = 0; y < a.height; y++) for (int x = 0; x < a.width; x++) if ((a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff)) n++
        n
    }

    @Unroll("gvnccapture captures the served #w×#h frame identically")
    def "a real RFB client (gtk-vnc) captures exactly the served frame"() {
        given:
        require('gvnccapture')
        def image = picture(w, h)
        def port = freePortBetween(6000, 8900)
        def server = RfbServer.start(port, { image }, KeyListener.NONE)
        def out = Files.createTempFile('rfb-capture', '.png')

        when:
        def p = new ProcessBuilder('gvnccapture', '-q', "127.0.0.1:${port - 5900}".toString(), out.toString())
                .redirectErrorStream(true).start()
        def finished = p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)
        def log = p.inputStream.text

        then:
        finished
        p.exitValue() == 0
        difference(ImageIO.read(out.toFile()), image) == 0

        cleanup:
        if (p?.alive) p.destroyForcibly()
        server?.close()
        Files.deleteIfExists(out)

        where:
        w    | h
        720  | 400
        1024 | 768
    }

    static RfbConsole client(RfbServer server, RfbEncoding... encodings) {
        def b = RfbConfig.builder('127.0.0.1', server.port()).reconnect(ReconnectPolicy.NEVER)
        if (encodings) b.encodings(encodings)
        RfbConsole.connect(b.build())
    }

    @Unroll("our client gets the served frame, a change, and a resize over #encodings")
    def "our client against our server: frames, changes, DesktopSize, keys"() {
        given:
        def events = [].asSynchronized()
        def image = picture(720, 400)
        def server = RfbServer.start(0, { image }, { int keysym, boolean down -> events << [keysym, down] } as KeyListener)
        def console = client(server, *encodings)

        when: 'the first frame'
        def f1 = console.frame(Duration.ofSeconds(5))

        then:
        difference(f1.image(), image) == 0

        when: 'a small change'
        def changed = picture(720, 400)
        changed.createGraphics().with { it.color = Color.GREEN; it.fillRect(300, 200, 20, 10); it.dispose() }
        server.update(changed, new Rectangle(300, 200, 20, 10))
        def f2 = console.awaitChange(f1.version(), Duration.ofSeconds(5))

        then:
        f2.version() > f1.version()
        f2.changed() == new Rectangle(300, 200, 20, 10)
        difference(f2.image(), changed) == 0

        when: 'graphics mode: the picture changes size'
        def big = picture(1024, 768, 2)
        server.update(big, null)
        def f3 = console.awaitChange(f2.version(), Duration.ofSeconds(5))

        then:
        f3.width() == 1024 && f3.height() == 768
        f3.changed() == new Rectangle(0, 0, 1024, 768)
        difference(f3.image(), big) == 0

        when: 'back to text mode, and keys'
        server.update(image, null)
        def f4 = console.awaitChange(f3.version(), Duration.ofSeconds(5))
        console.type('Ab\n')
        console.press(io.vaxiin.connector.KeyCombo.parse('ctrl-alt-delete'))
        long deadline = System.currentTimeMillis() + 3000
        while (events.size() < 14 && System.currentTimeMillis() < deadline) Thread.sleep(20)

        then:
        f4.width() == 720 && difference(f4.image(), image) == 0
        events == [[0xffe1, true], [0x41, true], [0x41, false], [0xffe1, false], [0x62, true], [0x62, false],
                   [0xff0d, true], [0xff0d, false],
                   [0xffe3, true], [0xffe9, true], [0xffff, true], [0xffff, false], [0xffe9, false], [0xffe3, false]]

        cleanup:
        console?.close()
        server?.close()

        where:
        encodings << [[RfbEncoding.ZRLE, RfbEncoding.RAW], [RfbEncoding.RAW], []]
    }

    def "VNC authentication: the right password connects, a wrong one is refused"() {
        given:
        def image = picture(64, 32)
        def server = RfbServer.builder().password('s3cret'.toCharArray()).start({ image })

        when:
        def ok = RfbConsole.connect(RfbConfig.builder('127.0.0.1', server.port()).password('s3cret'.toCharArray()).build())

        then:
        difference(ok.frame(Duration.ofSeconds(5)).image(), image) == 0

        when:
        RfbConsole.connect(RfbConfig.builder('127.0.0.1', server.port()).password('nope'.toCharArray()).build())

        then:
        def e = thrown(ConnectorException)
        e.kind() == Kind.AUTHENTICATION
        e.message == "VNC at 127.0.0.1:${server.port()} refused the password (RFB 3.8, VNC authentication): Authentication failed".toString()

        cleanup:
        ok?.close()
        server?.close()
    }

    @Unroll("an RFB #version client gets the handshake that version defines")
    def "RFB 3.3 and 3.7 clients are served too"() {
        given:
        def server = RfbServer.start(0, { picture(16, 8) }, KeyListener.NONE)
        def s = new Socket('127.0.0.1', server.port())
        s.soTimeout = 5000
        def input = new DataInputStream(s.inputStream)

        when:
        byte[] greeting = new byte[12]
        input.readFully(greeting)
        s.outputStream.write("RFB 00${version}\n".bytes)
        byte[] security = new byte[expectSecurity.size()]
        input.readFully(security)
        if (version == '3.007') s.outputStream.write([1] as byte[])
        s.outputStream.write([1] as byte[]) // ClientInit
        int w = input.readUnsignedShort(), h = input.readUnsignedShort()

        then:
        new String(greeting) == 'RFB 003.008\n'
        security as List == expectSecurity
        w == 16 && h == 8

        cleanup:
        s?.close()
        server?.close()

        where:
        version || expectSecurity
        '3.003' || [0, 0, 0, 1]
        '3.007' || [1, 1]
    }

    def "a client that sends a malformed message is closed alone"() {
        given:
        def image = picture(64, 32)
        def server = RfbServer.start(0, { image }, KeyListener.NONE)
        def good = client(server)
        def bad = new Socket('127.0.0.1', server.port())
        bad.soTimeout = 5000
        def input = new DataInputStream(bad.inputStream)
        input.readFully(new byte[12])
        bad.outputStream.write('RFB 003.008\n'.bytes)
        input.readFully(new byte[2])
        bad.outputStream.write([1] as byte[])
        input.readFully(new byte[4])
        bad.outputStream.write([1] as byte[])
        input.readFully(new byte[4 + 16 + 4 + 'vaxiin sandbox'.length()])

        when:
        bad.outputStream.write([99, 1, 2, 3] as byte[])
        int end = input.read()
        def f0 = good.frame(Duration.ofSeconds(5))
        def changed = picture(64, 32, 9)
        server.update(changed, null)
        def f1 = good.awaitChange(f0.version(), Duration.ofSeconds(5))

        then:
        end == -1
        difference(f1.image(), changed) == 0
        server.clientCount() == 1

        cleanup:
        bad?.close()
        good?.close()
        server?.close()
    }
}
