package io.vaxiin.connector.rfb

import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.ConnectorException.Kind
import io.vaxiin.connector.Frame
import io.vaxiin.connector.KeyCombo
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout
import spock.lang.Unroll

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

import static io.vaxiin.connector.rfb.RfbRig.*

/**
 * Against TigerVNC's Xvnc with an xterm running a shell that waits for one key and writes it to
 * a file: frames arrive with real content, and the typed key reaches the program.
 */
@Timeout(60)
class RfbXvncSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('rfb-xvnc')
    @Shared int display
    @Shared int port
    @Shared Process xvnc
    @Shared int authDisplay
    @Shared int authPort
    @Shared Process authXvnc

    def setupSpec() {
        require('Xvnc'); require('xterm'); require('vncpasswd')
        display = freeDisplay()
        port = freePort()
        xvnc = startXvnc(display, port, ['-SecurityTypes', 'None'])
        def passwd = dir.resolve('passwd').toFile()
        def vp = new ProcessBuilder('vncpasswd', '-f').redirectOutput(passwd).redirectError(ProcessBuilder.Redirect.DISCARD).start()
        vp.outputStream.withCloseable { it.write('secret\n'.bytes) }
        assert vp.waitFor() == 0 && passwd.length() == 8: 'vncpasswd -f made no password file'
        authDisplay = freeDisplay()
        authPort = freePort()
        authXvnc = startXvnc(authDisplay, authPort, ['-SecurityTypes', 'VncAuth', '-PasswordFile', passwd.path])
    }

    def cleanupSpec() {
        stop(xvnc, port)
        stop(authXvnc, authPort)
        dir.toFile().deleteDir()
    }

    Process startXvnc(int d, int p, List<String> security) {
        def proc = start(['Xvnc', ":$d".toString(), '-geometry', '1024x768', '-depth', '24', '-rfbport', "$p".toString(),
                          '-interface', '127.0.0.1', '-nolisten', 'tcp', '-AlwaysShared'] + security, [:], dir.resolve("xvnc-${d}.log").toFile())
        awaitPort(p, proc, 10_000, 'Xvnc')
        proc
    }

    /** An xterm covering the screen (so it has the keyboard without a window manager) waiting for one key. */
    Map startKeyReader(int d) {
        def ready = dir.resolve("ready-$d-${System.nanoTime()}")
        def out = dir.resolve("out-$d-${System.nanoTime()}")
        def script = "echo ready > '$ready'; echo 'press a key:'; IFS= read -r -n1 k; printf %s \"\$k\" > '$out'; sleep 30"
        def xterm = start(['xterm', '-geometry', '200x70+0+0', '-bg', 'black', '-fg', 'gray90', '-e', 'bash', '-c', script],
                [DISPLAY: ":$d".toString()])
        awaitFile(ready, 10_000, 'xterm')
        Thread.sleep(300) // bash reaches read
        [xterm: xterm, out: out]
    }

    /** Waits for a frame showing the xterm's text (not a blank screen). */
    static Frame awaitContent(RfbConsole console) {
        def f = console.frame(Duration.ofSeconds(10))
        long deadline = System.currentTimeMillis() + 10_000
        while (nonBackground(f.image()) < 200 && System.currentTimeMillis() < deadline) {
            f = console.awaitChange(f.version(), Duration.ofSeconds(1))
        }
        f
    }

    @Unroll("over #encoding (offered with Raw only), frames show the xterm and a typed key reaches its program")
    def "frames and keys against Xvnc with security None"() {
        given:
        def reader = startKeyReader(display)
        def console = RfbConsole.connect(RfbConfig.builder('127.0.0.1', port).encodings(encoding, RfbEncoding.RAW).build())

        when:
        def f = awaitContent(console)
        console.type(key)

        then:
        console.protocolVersion() == '3.8'
        f.width() == 1024 && f.height() == 768
        nonBackground(f.image()) >= 200
        console.rectangles(encoding) > 0
        awaitFileText(reader.out) == key

        cleanup:
        console?.close()
        stop(reader?.xterm)

        where:
        encoding             | key
        RfbEncoding.TIGHT    | 'Q'
        RfbEncoding.ZRLE     | '%'
        RfbEncoding.RAW      | 'z'
    }

    def "Tight with JPEG allowed still gives frames with the xterm's content"() {
        given:
        def reader = startKeyReader(display)
        def console = RfbConsole.connect(RfbConfig.builder('127.0.0.1', port).encodings(RfbEncoding.TIGHT, RfbEncoding.RAW).jpegQuality(5).build())

        when:
        def f = awaitContent(console)
        console.press(KeyCombo.parse('Enter'))

        then:
        nonBackground(f.image()) >= 200
        console.rectangles(RfbEncoding.TIGHT) > 0
        awaitFileText(reader.out, true) == ''

        cleanup:
        console?.close()
        stop(reader?.xterm)
    }

    def "VNC authentication with the right password: frames and keys"() {
        given:
        def reader = startKeyReader(authDisplay)
        def console = RfbConsole.connect(RfbConfig.builder('127.0.0.1', authPort).password('secret'.toCharArray()).build())

        when:
        def f = awaitContent(console)
        console.type('k')

        then:
        nonBackground(f.image()) >= 200
        awaitFileText(reader.out) == 'k'

        cleanup:
        console?.close()
        stop(reader?.xterm)
    }

    def "VNC authentication with a wrong password: AUTHENTICATION with Xvnc's reason"() {
        when:
        RfbConsole.connect(RfbConfig.builder('127.0.0.1', authPort).password('wrong'.toCharArray()).reconnect(ReconnectPolicy.NEVER).build())

        then:
        def e = thrown(ConnectorException)
        e.kind() == Kind.AUTHENTICATION
        e.message.startsWith("VNC at 127.0.0.1:$authPort refused the password (RFB 3.8, VNC authentication)".toString())
        !e.message.contains('wrong')
    }

    static String awaitFileText(Path f, boolean emptyOk = false) {
        long deadline = System.currentTimeMillis() + 10_000
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(f) && (emptyOk || Files.size(f) > 0)) return Files.readString(f)
            Thread.sleep(50)
        }
        throw new IllegalStateException("the key did not reach the program: $f was not written")
    }
}
