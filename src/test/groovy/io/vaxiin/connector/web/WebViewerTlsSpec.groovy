package io.vaxiin.connector.web

import com.sun.net.httpserver.HttpsConfigurator
import com.sun.net.httpserver.HttpsServer
import io.vaxiin.fixture.CliRun
import okhttp3.tls.HandshakeCertificates
import okhttp3.tls.HeldCertificate
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest

/**
 * A self-signed BMC over HTTPS (the JDK's HttpsServer with a certificate made by the test): its
 * certificate is checked in Java before the browser opens, refused unless the inventory's
 * tlsFingerprint pins it, and then trusted by Chromium for that one key only.
 */
@Timeout(120)
class WebViewerTlsSpec extends Specification {

    @Shared Path dir = Files.createTempDirectory('web-viewer-tls')
    @Shared HeldCertificate bmc = new HeldCertificate.Builder().commonName('bmc-SELF-SIGNED').addSubjectAlternativeName('127.0.0.1').build()
    @Shared String fingerprint = MessageDigest.getInstance('SHA-256').digest(bmc.certificate().encoded)
            .collect { String.format('%02X', it) }.join(':')
    @Shared HttpsServer https

    @Shared int chromiumBefore

    def setupSpec() {
        chromiumBefore = WebViewerRig.chromiumProcesses()
        https = HttpsServer.create(new InetSocketAddress(InetAddress.loopbackAddress, 0), 8)
        https.httpsConfigurator = new HttpsConfigurator(new HandshakeCertificates.Builder().heldCertificate(bmc).build().sslContext())
        https.createContext('/webgl') { x ->
            // a viewer that draws with WebGL: its changes cannot be heard, so it is read at a low rate
            byte[] page = '''<!doctype html><title>GL</title><canvas id="kvm" width="320" height="200"></canvas>
                <script>const gl = document.getElementById('kvm').getContext('webgl', {preserveDrawingBuffer: true});
                gl.clearColor(0, 0, 1, 1); gl.clear(gl.COLOR_BUFFER_BIT);</script>'''.getBytes(StandardCharsets.UTF_8)
            x.responseHeaders.set('Content-Type', 'text/html')
            x.sendResponseHeaders(200, page.length)
            x.responseBody.write(page)
            x.close()
        }
        https.createContext('/') { x ->
            // a viewer's page of the simplest kind: a canvas with the console's text drawn on it
            byte[] page = '''<!doctype html><title>KVM</title><canvas id="kvm" width="640" height="200"></canvas>
                <script>const g = document.getElementById('kvm').getContext('2d'); g.fillStyle = '#000'; g.fillRect(0, 0, 640, 200);
                g.fillStyle = '#fff'; g.font = '20px monospace'; g.fillText('tls-ok login:', 10, 40);</script>'''.getBytes(StandardCharsets.UTF_8)
            x.responseHeaders.set('Content-Type', 'text/html')
            x.sendResponseHeaders(200, page.length)
            x.responseBody.write(page)
            x.close()
        }
        https.start()
        Files.writeString(dir.resolve('plain.yaml'), '''\
            name: plain
            firmware: ["the HTTPS page of WebViewerTlsSpec"]
            source: "written by the test"
            timeout: 10s
            steps:
              - open: /
              - canvas: "#kvm"
            '''.stripIndent())
    }

    def cleanupSpec() {
        https?.stop(0)
        dir.toFile().deleteDir()
    }

    Path inventory(String pin) {
        def f = dir.resolve('inventory.yaml')
        Files.writeString(f, """\
            credentials:
              lab: { username: admin, password: env:HOME }
            servers:
              bmc-1:
                console: web+https://127.0.0.1:${https.address.port}
                viewer: ${dir.resolve('plain.yaml')}
                credentials: lab
            ${pin == null ? '' : "    tlsFingerprint: \"$pin\""}
            """.stripIndent())
        f
    }

    def "a self-signed certificate is refused without a pin, with its fingerprint and how to pin it, before any browser starts"() {
        when:
        def screen = CliRun.of('screen', '--inventory', inventory(null).toString(), '--target', 'bmc-1')

        then:
        screen.code == 3
        screen.err.trim() == ("vaxiin: web viewer at https://127.0.0.1:${https.address.port} (plain) presented a certificate this machine does not trust"
                + " (SHA-256 $fingerprint); if it is this BMC's own, trust it with tlsFingerprint: \"$fingerprint\" for this server in the inventory")
        WebViewerRig.chromiumProcesses() == chromiumBefore
    }

    def "the pinned certificate is trusted by the browser for that key alone, and the canvas is read"() {
        when:
        def screen = CliRun.of('screen', '--inventory', inventory(fingerprint).toString(), '--target', 'bmc-1')

        then:
        screen.code == 0
        screen.out.contains('tls-ok login:')
        WebViewerRig.chromiumProcesses() == chromiumBefore
    }

    def "a canvas that draws with WebGL is read at a low rate instead, and the log says why"() {
        given:
        def profile = dir.resolve('gl.yaml')
        Files.writeString(profile, '''\
            name: gl
            firmware: ["the WebGL page of WebViewerTlsSpec"]
            source: "written by the test"
            timeout: 10s
            steps:
              - open: /webgl
              - canvas: "#kvm"
            '''.stripIndent())
        List<String> log = Collections.synchronizedList([])
        def config = WebConfig.fromUri("web+https://127.0.0.1:${https.address.port}").pinnedCertificateSha256(fingerprint)
                .profile(ViewerProfiles.read(profile)).log { log << it }.build()

        when:
        def console = WebConsole.connect(config)
        def first = console.frame(java.time.Duration.ofSeconds(10))

        then:
        !console.hooked()
        log.any { it.contains("the canvas's drawing calls could not be hooked (it draws with webgl, not 2D); reading it every 500 ms instead") }
        first.width() == 320
        (first.image.getRGB(160, 100) & 0xFFFFFF) == 0x0000FF

        cleanup:
        console?.close()
    }

    def "another pin is refused, naming both fingerprints"() {
        given:
        def other = (['AB'] * 32).join(':')

        when:
        def screen = CliRun.of('screen', '--inventory', inventory(other).toString(), '--target', 'bmc-1')

        then:
        screen.code == 3
        screen.err.contains("presented a certificate with SHA-256 $fingerprint, not the pinned $other")
    }
}
