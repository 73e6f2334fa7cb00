package io.vaxiin.connector.rfb

import io.vaxiin.connector.ConnectorException
import io.vaxiin.connector.ConnectorException.Kind
import mockwebserver3.MockResponse
import mockwebserver3.MockWebServer
import okhttp3.Response
import okhttp3.WebSocket
import okhttp3.WebSocketListener
import okio.ByteString
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import java.nio.file.Files
import java.security.KeyStore
import java.security.MessageDigest
import java.security.cert.X509Certificate
import java.time.Duration

import static io.vaxiin.connector.rfb.FakeRfbServer.*

/** RFB over wss:// to a BMC with a self-signed certificate: refused by default, trusted when pinned. */
@Timeout(30)
class RfbWebSocketTlsSpec extends Specification {

    @Shared SSLContext tls
    @Shared String fingerprint

    def setupSpec() {
        def dir = Files.createTempDirectory('rfb-tls')
        def store = dir.resolve('bmc.p12')
        def p = new ProcessBuilder('keytool', '-genkeypair', '-alias', 'bmc', '-keyalg', 'EC', '-groupname', 'secp256r1',
                '-dname', 'CN=bmc.invalid', '-validity', '2', '-storetype', 'PKCS12', '-keystore', store.toString(),
                '-storepass', 'changeit', '-keypass', 'changeit', '-ext', 'san=ip:127.0.0.1')
                .redirectErrorStream(true).start()
        p.inputStream.text
        assert p.waitFor() == 0: 'keytool could not make a self-signed certificate'
        def ks = KeyStore.getInstance('PKCS12')
        store.toFile().withInputStream { ks.load(it, 'changeit'.toCharArray()) }
        def kmf = KeyManagerFactory.getInstance(KeyManagerFactory.defaultAlgorithm)
        kmf.init(ks, 'changeit'.toCharArray())
        tls = SSLContext.getInstance('TLS')
        tls.init(kmf.keyManagers, null, null)
        def cert = ks.getCertificate('bmc') as X509Certificate
        fingerprint = MessageDigest.getInstance('SHA-256').digest(cert.encoded).collect { String.format('%02X', it) }.join(':')
        dir.toFile().deleteDir()
    }

    /** A BMC serving RFB 3.8 (None, 2×1 screen) in binary WebSocket messages. */
    MockWebServer bmc() {
        def server = new MockWebServer()
        server.useHttps(tls.socketFactory)
        def listener = new WebSocketListener() {
            int step
            void onOpen(WebSocket ws, Response r) { ws.send(ByteString.of('RFB 003.008\n'.bytes)) }

            void onMessage(WebSocket ws, ByteString bytes) {
                switch (step++) {
                    case 0: ws.send(ByteString.of([1, 1] as byte[])); break                   // after the version
                    case 1: ws.send(ByteString.of(u32(0) as byte[])); break                   // after the security choice
                    case 2: ws.send(ByteString.of((u16(2) + u16(1) + [32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0] + u32(3) + ('bmc'.bytes as List)) as byte[])); break
                    case 3: ws.send(ByteString.of((update(1) + rect(0, 0, 2, 1, 0) + raw([0xabcdef, 0x123456])) as byte[])); break // after SetPixelFormat + SetEncodings + request
                }
            }
        }
        server.enqueue(new MockResponse.Builder().webSocketUpgrade(listener).build())
        server.start()
        server
    }

    def "a pinned SHA-256 fingerprint trusts the self-signed BMC: frames arrive over wss://"() {
        given:
        def server = bmc()
        def cfg = RfbConfig.webSocket("wss://127.0.0.1:${server.port}/kvm/0").pinnedCertificateSha256(fingerprint)
                .header('X-Auth-Token', 'tok3n').reconnect(ReconnectPolicy.NEVER).build()

        when:
        def console = RfbConsole.connect(cfg)
        def f = console.frame(Duration.ofSeconds(5))

        then:
        (f.image().getRGB(0, 0) & 0xffffff) == 0xabcdef
        (f.image().getRGB(1, 0) & 0xffffff) == 0x123456
        console.desktopName() == 'bmc'
        server.takeRequest().headers['X-Auth-Token'] == 'tok3n'
        !cfg.toString().contains('tok3n')

        cleanup:
        console?.close()
        server?.close()
    }

    def "without a pin the self-signed certificate is refused, and the message shows what to pin"() {
        given:
        def server = bmc()

        when:
        RfbConsole.connect(RfbConfig.webSocket("wss://127.0.0.1:${server.port}/kvm/0").reconnect(ReconnectPolicy.NEVER).build())

        then:
        def e = thrown(ConnectorException)
        e.kind() == Kind.UNREACHABLE
        e.phase() == 'connect'
        e.message == "VNC at wss://127.0.0.1:${server.port}/kvm/0 presented a TLS certificate this client does not trust (SHA-256 $fingerprint); if it is this BMC's own, trust it with tlsFingerprint: \"$fingerprint\" for this server in the inventory".toString()

        cleanup:
        server?.close()
    }

    def "a wrong pin is refused the same way"() {
        given:
        def server = bmc()

        when:
        RfbConsole.connect(RfbConfig.webSocket("wss://127.0.0.1:${server.port}/kvm/0").pinnedCertificateSha256('00' * 32)
                .reconnect(ReconnectPolicy.NEVER).build())

        then:
        def e = thrown(ConnectorException)
        e.kind() == Kind.UNREACHABLE
        e.message.contains("SHA-256 $fingerprint")
    }
}
